import { losesAnswer, parseTransportChaos } from './chaos.js';

describe('TRANSPORT_CHAOS', () => {
  it('is off unless set', () => {
    expect(parseTransportChaos(undefined, undefined, 'test')).toBeUndefined();
    expect(parseTransportChaos('', 'x', 'test')).toBeUndefined();
    expect(parseTransportChaos('off', 'x', 'production')).toBeUndefined();
  });

  it('reads lose-first-answer with an optional rate', () => {
    expect(parseTransportChaos('lose-first-answer', undefined, 'test')).toEqual({
      mode: 'lose-first-answer',
      rate: 1,
      seed: '',
    });
    expect(parseTransportChaos('lose-first-answer:0.3', 's', 'development')).toEqual({
      mode: 'lose-first-answer',
      rate: 0.3,
      seed: 's',
    });
  });

  it.each([
    'lose-everything',
    'lose-first-answer:',
    'lose-first-answer:0',
    'lose-first-answer:1.5',
    'lose-first-answer:x',
  ])('refuses %s', (value) => {
    expect(() => parseTransportChaos(value, undefined, 'test')).toThrow(/TRANSPORT_CHAOS/);
  });

  it('is refused in production', () => {
    expect(() => parseTransportChaos('lose-first-answer', undefined, 'production')).toThrow(
      'TRANSPORT_CHAOS is for development and tests only',
    );
  });

  it('drops only a first delivery of a message that can be delivered again', () => {
    const chaos = parseTransportChaos('lose-first-answer', undefined, 'test');
    expect(losesAnswer(chaos, 'm1', 0, 3)).toBe(true);
    expect(losesAnswer(chaos, 'm1', 1, 3)).toBe(false);
    expect(losesAnswer(chaos, 'm1', 0, 1)).toBe(false);
    expect(losesAnswer(undefined, 'm1', 0, 3)).toBe(false);
  });

  it('at a rate, picks about that share of messages, the same ones for the same seed', () => {
    const chaos = parseTransportChaos('lose-first-answer:0.3', 'seed-a', 'test');
    const ids = Array.from({ length: 10_000 }, (_, i) => `message-${i}`);
    const picked = ids.filter((id) => losesAnswer(chaos, id, 0, 3));
    expect(picked.length / ids.length).toBeGreaterThan(0.27);
    expect(picked.length / ids.length).toBeLessThan(0.33);
    expect(ids.filter((id) => losesAnswer(chaos, id, 0, 3))).toEqual(picked);
    const other = parseTransportChaos('lose-first-answer:0.3', 'seed-b', 'test');
    expect(ids.filter((id) => losesAnswer(other, id, 0, 3))).not.toEqual(picked);
  });
});
