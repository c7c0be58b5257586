/**
 * The optional Prometheus Operator manifests (k8s/monitoring): the ServiceMonitor scrapes every
 * app's internal port and nothing public, and every metric an alert names is one the code exports.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IPrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import type { IServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import { INTERNAL_PORTS, SERVICES } from '@offera/config';
import { MetricsService } from '@offera/observability';
import type { IService } from 'kubernetes-models/v1/Service';
import { render, type K8sObject } from './kustomize.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const monitoring = render(path.join(ROOT, 'k8s/monitoring'));
const one = <T>(kind: string): T => {
  const found = monitoring.filter((o) => o.kind === kind);
  if (found.length !== 1) throw new Error(`expected one ${kind}, found ${found.length}`);
  return found[0] as unknown as T;
};
const rule = one<IPrometheusRule>('PrometheusRule');
const alerts = (rule.spec?.groups ?? []).flatMap((g) => g.rules ?? []);

const PROMQL_WORDS = new Set([
  'sum',
  'min',
  'max',
  'avg',
  'count',
  'rate',
  'irate',
  'increase',
  'deriv',
  'delta',
  'abs',
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'and',
  'or',
  'unless',
  'bool',
  'offset',
  'histogram_quantile',
  'time',
  'vector',
  'absent',
  'clamp_min',
  'clamp_max',
  'topk',
  'bottomk',
]);

/** Metric names in a PromQL expression: identifiers outside label matchers, ranges, and groupings. */
export function metricNames(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names = new Set<string>();
  for (const m of stripped.matchAll(/[A-Za-z_:][A-Za-z0-9_:]*/g)) {
    const after = stripped.slice((m.index ?? 0) + m[0].length).trimStart();
    if (PROMQL_WORDS.has(m[0]) || after.startsWith('(')) continue;
    names.add(m[0]);
  }
  return [...names];
}

/** Every metric the apps register: the shared ones from a real registry, the apps' own from their code. */
function exportedMetrics(): Set<string> {
  const names = new Set<string>();
  const shared = new MetricsService({ service: 'test' });
  for (const metric of shared.registry.getMetricsAsArray()) {
    const { name, type } = metric as unknown as { name: string; type: string };
    names.add(name);
    if (type === 'histogram' || type === 'summary')
      for (const s of ['_count', '_sum', '_bucket']) names.add(name + s);
  }
  const sources = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory()
        ? sources(path.join(dir, e.name))
        : e.name.endsWith('.ts') && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(e.name)
          ? [path.join(dir, e.name)]
          : [],
    );
  for (const file of sources(path.join(ROOT, 'apps'))) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(
      /metrics\.(counter|gauge|histogram)\(\{\s*name:\s*'([a-z_:][a-z0-9_:]*)'/g,
    )) {
      names.add(m[2]);
      if (m[1] === 'histogram') for (const s of ['_count', '_sum', '_bucket']) names.add(m[2] + s);
    }
  }
  return names;
}

describe('PrometheusRule offera', () => {
  const exported = exportedMetrics();

  it('finds the metrics the code exports', () => {
    expect([...exported]).toEqual(
      expect.arrayContaining([
        'queue_depth',
        'queue_job_failures_total',
        'queue_job_duration_seconds_count',
        'outbox_lag_seconds',
        'http_request_duration_seconds_count',
        'privacy_requests',
        'privacy_requests_open_by_due',
        'privacy_requests_min_days_to_due',
      ]),
    );
  });

  it('alerts on queue depth and age, failed jobs, DSRs near due, stuck erasures and 5xx', () => {
    const used = new Set(alerts.flatMap((a) => metricNames(String(a.expr))));
    for (const metric of [
      'queue_depth',
      'outbox_lag_seconds',
      'queue_job_failures_total',
      'privacy_requests_open_by_due',
      'privacy_requests',
      'http_request_duration_seconds_count',
    ])
      expect(used).toContain(metric);
    expect(alerts.map((a) => a.alert)).toEqual(
      expect.arrayContaining([
        'OfferaQueueBacklog',
        'OfferaJobsFailing',
        'OfferaDsrNearDue',
        'OfferaErasureStuck',
        'OfferaGateway5xx',
      ]),
    );
  });

  it.each(alerts.map((a) => [a.alert ?? '?', a]))(
    '%s names only metrics the code exports',
    (_name, alert) => {
      const names = metricNames(String(alert.expr));
      expect(names.length).toBeGreaterThan(0);
      for (const name of names)
        expect({ name, exported: exported.has(name) }).toEqual({ name, exported: true });
    },
  );

  it.each(alerts.map((a) => [a.alert ?? '?', a]))(
    '%s has a severity and a runbook in docs/runbooks',
    (_name, alert) => {
      expect(['info', 'warning', 'critical']).toContain(alert.labels?.severity);
      const runbook = alert.annotations?.runbook ?? '';
      expect(runbook).toMatch(/^docs\/runbooks\/[a-z-]+\.md$/);
      expect(existsSync(path.join(ROOT, runbook))).toBe(true);
    },
  );

  it('reads metric names out of PromQL, and not functions, labels or ranges', () => {
    expect(
      metricNames(
        'sum by (queue) (rate(a_total{x="y", z=~"5.."}[5m])) / on (q) b > 0 and min(c_seconds) < 0',
      ),
    ).toEqual(['a_total', 'b', 'c_seconds']);
  });
});

describe('ServiceMonitor offera', () => {
  const monitor = one<IServiceMonitor>('ServiceMonitor');
  const prod = render(path.join(ROOT, 'k8s/overlays/prod'));
  const services = prod.filter((o): o is K8sObject => o.kind === 'Service') as unknown as IService[];
  const selected = services.filter((s) =>
    Object.entries(monitor.spec.selector.matchLabels ?? {}).every(([k, v]) => s.metadata?.labels?.[k] === v),
  );

  it('selects exactly one Service per app, on its internal port', () => {
    expect(monitor.spec.namespaceSelector?.matchNames).toEqual(['offera']);
    expect(monitor.spec.endpoints?.map((e) => [e.port, e.path])).toEqual([['internal', '/metrics']]);
    expect(selected.map((s) => s.spec?.selector?.['app.kubernetes.io/name']).sort()).toEqual(
      [...SERVICES].sort(),
    );
    for (const s of selected) {
      const app = s.spec?.selector?.['app.kubernetes.io/name'] as (typeof SERVICES)[number];
      expect(s.spec?.ports?.map((p) => [p.name, p.port])).toEqual([['internal', INTERNAL_PORTS[app]]]);
    }
  });

  it('never scrapes the public gateway Service', () => {
    expect(selected.map((s) => s.metadata?.name)).not.toContain('gateway');
    expect(selected.map((s) => s.metadata?.name)).toContain('gateway-internal');
  });
});
