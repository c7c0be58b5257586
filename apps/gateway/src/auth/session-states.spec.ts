import type { SessionState } from '@offera/contracts';
import type { MessageBus } from '@offera/transport';
import { admits, SESSION_STATE_TTL_MS, SessionStates } from './session-states.js';

/** A customers service answering from `states`, counting the questions; `hold` delays answers. */
function customers(states: Map<string, SessionState>) {
  const asked: string[] = [];
  let release: (() => void) | undefined;
  let held: Promise<void> | undefined;
  const bus = {
    send: async (_name: string, p: { accountId: string }) => {
      asked.push(p.accountId);
      // Read when asked: a change after this is not in the answer.
      const answer = states.get(p.accountId) ?? { version: 0, active: true };
      if (held) await held;
      return answer;
    },
  } as unknown as MessageBus;
  return {
    bus,
    asked,
    hold: () => {
      held = new Promise<void>((r) => (release = r));
    },
    release: () => {
      held = undefined;
      release?.();
    },
  };
}

describe('admits', () => {
  it('takes a token of the current version or later while the account is active', () => {
    expect(admits({ version: 0, active: true }, 0)).toBe(true);
    expect(admits({ version: 2, active: true }, 2)).toBe(true);
    expect(admits({ version: 2, active: true }, 1)).toBe(false);
    expect(admits({ version: 2, active: false }, 2)).toBe(false);
    expect(admits({ version: 0, active: false }, 5)).toBe(false);
  });
});

describe('SessionStates', () => {
  const realNow = Date.now;
  let now = 1_000_000;
  beforeEach(() => {
    now = 1_000_000;
    Date.now = () => now;
  });
  afterAll(() => {
    Date.now = realNow;
  });

  function listening(states: Map<string, SessionState>) {
    const c = customers(states);
    const s = new SessionStates(c.bus);
    s.listening();
    return { s, ...c };
  }

  it('asks once, then answers from memory until a broadcast about the account', async () => {
    const states = new Map<string, SessionState>();
    const { s, asked } = listening(states);
    expect(await s.admits('a', 0)).toBe(true);
    expect(await s.admits('a', 0)).toBe(true);
    expect(asked).toEqual(['a']);
    states.set('a', { version: 1, active: false });
    s.received('a');
    expect(await s.admits('a', 0)).toBe(false);
    expect(asked).toEqual(['a', 'a']);
  });

  it('asks again once an answer is older than its bound', async () => {
    const { s, asked } = listening(new Map());
    await s.admits('a', 0);
    now += SESSION_STATE_TTL_MS;
    await s.admits('a', 0);
    expect(asked).toEqual(['a', 'a']);
  });

  it('trusts nothing while deaf: every check asks, nothing is kept', async () => {
    const { s, asked } = listening(new Map());
    await s.admits('a', 0);
    s.deaf();
    expect(s.size).toBe(0);
    await s.admits('a', 0);
    await s.admits('a', 0);
    expect(asked).toEqual(['a', 'a', 'a']);
    expect(s.size).toBe(0);
    s.listening();
    await s.admits('a', 0);
    await s.admits('a', 0);
    expect(asked).toHaveLength(4);
  });

  it('keeps no answer that a broadcast overtook, and shares one question between concurrent checks', async () => {
    const states = new Map<string, SessionState>();
    const { s, asked, hold, release } = listening(states);
    hold();
    const checks = [s.admits('a', 0), s.admits('a', 0)];
    states.set('a', { version: 1, active: true }); // changed while the old answer was on its way
    s.received('a');
    release();
    expect(await Promise.all(checks)).toEqual([true, true]);
    expect(asked).toEqual(['a']);
    expect(s.size).toBe(0);
    expect(await s.admits('a', 0)).toBe(false);
  });

  it('keeps what a new session was answered with, unless anything changed since it was asked', async () => {
    const { s, asked } = listening(new Map([['a', { version: 3, active: false }]]));
    const since = s.clock;
    s.learn('b', 2, since);
    expect(await s.admits('b', 2)).toBe(true);
    expect(await s.admits('b', 1)).toBe(false);
    expect(asked).toEqual([]);
    const before = s.clock;
    s.received('x'); // any broadcast may have overtaken the answer
    s.learn('a', 2, before);
    expect(await s.admits('a', 2)).toBe(false);
    expect(asked).toEqual(['a']);
    const beforeDeaf = s.clock;
    s.deaf();
    s.listening();
    s.learn('c', 0, beforeDeaf);
    expect(s.size).toBe(0); // everything was dropped when deaf, and c's answer may be stale
  });

  it('fails the check when the customers service cannot answer', async () => {
    const bus = { send: () => Promise.reject(new Error('unavailable')) } as unknown as MessageBus;
    const s = new SessionStates(bus);
    s.listening();
    await expect(s.admits('a', 0)).rejects.toThrow('unavailable');
    expect(s.size).toBe(0);
  });
});
