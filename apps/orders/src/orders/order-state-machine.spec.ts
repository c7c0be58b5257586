import {
  allowedEvents,
  canTransition,
  isOrderEvent,
  isOrderState,
  isTerminal,
  ORDER_EVENTS,
  ORDER_STATES,
  transition,
  type OrderEvent,
  type OrderState,
} from './order-state-machine.js';

const LEGAL: ReadonlyArray<[OrderState, OrderEvent, OrderState]> = [
  ['requested', 'offer', 'offered'],
  ['requested', 'cancel_by_customer', 'cancelled'],
  ['requested', 'cancel_by_company', 'cancelled'],
  ['offered', 'accept', 'assigned'],
  ['offered', 'offer_expired', 'requested'],
  ['offered', 'cancel_by_customer', 'cancelled'],
  ['offered', 'cancel_by_company', 'cancelled'],
  ['assigned', 'start', 'in_progress'],
  ['assigned', 'provider_withdrew', 'requested'],
  ['assigned', 'cancel_by_customer', 'cancelled'],
  ['assigned', 'cancel_by_company', 'cancelled'],
  ['in_progress', 'complete', 'completed'],
];

describe('order state machine', () => {
  it.each(LEGAL)('%s --%s--> %s', (from, event, to) => {
    expect(transition(from, event)).toEqual({ ok: true, from, event, state: to });
    expect(canTransition(from, event)).toBe(true);
  });

  // Every state × event pair not listed above is illegal.
  const illegal = ORDER_STATES.flatMap((s) => ORDER_EVENTS.map((e) => [s, e] as const)).filter(
    ([s, e]) => !LEGAL.some(([ls, le]) => ls === s && le === e),
  );

  it('covers all state × event pairs', () => {
    expect(illegal.length + LEGAL.length).toBe(ORDER_STATES.length * ORDER_EVENTS.length);
  });

  it.each(illegal)('%s --%s--> is illegal', (from, event) => {
    const r = transition(from, event);
    expect(r).toEqual({
      ok: false,
      error: { kind: 'illegal_transition', from, event, allowedEvents: allowedEvents(from) },
    });
    expect(canTransition(from, event)).toBe(false);
  });

  it('refuses the notable illegal moves', () => {
    expect(transition('completed', 'cancel_by_customer').ok).toBe(false);
    expect(transition('completed', 'cancel_by_company').ok).toBe(false);
    expect(transition('requested', 'complete').ok).toBe(false);
    expect(transition('in_progress', 'cancel_by_customer').ok).toBe(false);
    expect(transition('cancelled', 'offer').ok).toBe(false);
    expect(transition('requested', 'accept').ok).toBe(false);
    // Completing (which invoices and asks for a rating) needs a started visit.
    expect(transition('assigned', 'complete').ok).toBe(false);
    expect(transition('offered', 'complete').ok).toBe(false);
  });

  it('lists allowed events per state', () => {
    expect(allowedEvents('requested')).toEqual(['offer', 'cancel_by_customer', 'cancel_by_company']);
    expect(allowedEvents('offered')).toEqual([
      'offer_expired',
      'accept',
      'cancel_by_customer',
      'cancel_by_company',
    ]);
    expect(allowedEvents('assigned')).toEqual([
      'provider_withdrew',
      'start',
      'cancel_by_customer',
      'cancel_by_company',
    ]);
    expect(allowedEvents('in_progress')).toEqual(['complete']);
    expect(allowedEvents('completed')).toEqual([]);
    expect(allowedEvents('cancelled')).toEqual([]);
  });

  it('knows the terminal states', () => {
    expect(ORDER_STATES.filter(isTerminal)).toEqual(['completed', 'cancelled']);
  });

  it('reaches completion along the happy path, also after a re-offer', () => {
    const path: OrderEvent[] = ['offer', 'offer_expired', 'offer', 'accept', 'start', 'complete'];
    let state: OrderState = 'requested';
    for (const e of path) {
      const r = transition(state, e);
      if (!r.ok) throw new Error(`unexpected illegal ${state} ${e}`);
      state = r.state;
    }
    expect(state).toBe('completed');
  });

  it('lets a provider release (provider_withdrew) only an assigned job, which goes back to requested', () => {
    expect(transition('assigned', 'provider_withdrew')).toEqual({
      ok: true,
      from: 'assigned',
      event: 'provider_withdrew',
      state: 'requested',
    });
    for (const from of ['requested', 'offered', 'in_progress', 'completed', 'cancelled'] as const) {
      expect(transition(from, 'provider_withdrew')).toEqual({
        ok: false,
        error: {
          kind: 'illegal_transition',
          from,
          event: 'provider_withdrew',
          allowedEvents: allowedEvents(from),
        },
      });
    }
  });

  it('offers a released job again, to be accepted and completed by another provider', () => {
    const path: OrderEvent[] = [
      'offer',
      'accept',
      'provider_withdrew',
      'offer',
      'accept',
      'start',
      'complete',
    ];
    let state: OrderState = 'requested';
    for (const e of path) {
      const r = transition(state, e);
      if (!r.ok) throw new Error(`unexpected illegal ${state} ${e}`);
      state = r.state;
    }
    expect(state).toBe('completed');
  });

  it('guards untrusted strings', () => {
    expect(isOrderState('assigned')).toBe(true);
    expect(isOrderState('deleted')).toBe(false);
    expect(isOrderState(3)).toBe(false);
    expect(isOrderEvent('accept')).toBe(true);
    expect(isOrderEvent('ACCEPT')).toBe(false);
    expect(isOrderEvent(undefined)).toBe(false);
  });
});
