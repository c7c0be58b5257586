import { MetricsService } from './metrics.service.js';

const depthLines = (text: string) => text.split('\n').filter((l) => l.startsWith('queue_depth{'));

describe('MetricsService queue depths', () => {
  it('reads each source when scraped, labelled by queue and state', async () => {
    const metrics = new MetricsService({ service: 'orders', defaultMetrics: false });
    let waiting = 3;
    metrics.addQueueDepthSource({ queue: 'orders', read: () => Promise.resolve({ waiting, failed: 1 }) });
    expect(depthLines(await metrics.render())).toEqual([
      'queue_depth{queue="orders",state="waiting",service="orders"} 3',
      'queue_depth{queue="orders",state="failed",service="orders"} 1',
    ]);
    waiting = 0;
    expect(depthLines(await metrics.render())[0]).toBe(
      'queue_depth{queue="orders",state="waiting",service="orders"} 0',
    );
  });

  it('keeps the last values when a source fails or hangs, without failing the scrape', async () => {
    const metrics = new MetricsService({ service: 'orders', defaultMetrics: false });
    let mode: 'ok' | 'fail' | 'hang' = 'ok';
    metrics.addQueueDepthSource({
      queue: 'orders',
      read: () => {
        if (mode === 'fail') return Promise.reject(new Error('ECONNREFUSED'));
        if (mode === 'hang') return new Promise(() => undefined);
        return Promise.resolve({ waiting: 7 });
      },
    });
    await metrics.render();
    mode = 'fail';
    expect(depthLines(await metrics.render())).toEqual([
      'queue_depth{queue="orders",state="waiting",service="orders"} 7',
    ]);
    mode = 'hang';
    const started = Date.now();
    expect(depthLines(await metrics.render())).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('reports nothing for queues until a source is added', async () => {
    const metrics = new MetricsService({ service: 'gateway', defaultMetrics: false });
    const text = await metrics.render();
    expect(text).toContain('# TYPE queue_depth gauge');
    expect(depthLines(text)).toEqual([]);
  });
});
