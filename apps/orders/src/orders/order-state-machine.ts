/**
 * Order lifecycle, as a pure transition table.
 *
 *   requested ──offer──▶ offered ──accept──▶ assigned ──start──▶ in_progress ──complete──▶ completed
 *       ▲                   │                    │
 *       └──offer_expired────┘                    │  (no provider accepted in time: offer again / escalate)
 *       └──provider_withdrew─────────────────────┘  (assigned provider releases the job before the visit)
 *
 *   requested | offered | assigned ──cancel_by_customer | cancel_by_company──▶ cancelled
 *
 * completed and cancelled are final. Once work has started an order can no longer be cancelled
 * (the cancellation policy refuses it too); disputes are handled outside the order state.
 */

export const ORDER_STATES = [
  'requested',
  'offered',
  'assigned',
  'in_progress',
  'completed',
  'cancelled',
] as const;
export type OrderState = (typeof ORDER_STATES)[number];

export const ORDER_EVENTS = [
  'offer',
  'offer_expired',
  'accept',
  'provider_withdrew',
  'start',
  'complete',
  'cancel_by_customer',
  'cancel_by_company',
] as const;
export type OrderEvent = (typeof ORDER_EVENTS)[number];

const TRANSITIONS: Readonly<Record<OrderState, Readonly<Partial<Record<OrderEvent, OrderState>>>>> = {
  requested: { offer: 'offered', cancel_by_customer: 'cancelled', cancel_by_company: 'cancelled' },
  offered: {
    accept: 'assigned',
    offer_expired: 'requested',
    cancel_by_customer: 'cancelled',
    cancel_by_company: 'cancelled',
  },
  assigned: {
    start: 'in_progress',
    provider_withdrew: 'requested',
    cancel_by_customer: 'cancelled',
    cancel_by_company: 'cancelled',
  },
  in_progress: { complete: 'completed' },
  completed: {},
  cancelled: {},
};

export interface IllegalTransition {
  readonly kind: 'illegal_transition';
  readonly from: OrderState;
  readonly event: OrderEvent;
  readonly allowedEvents: readonly OrderEvent[];
}

export type TransitionResult =
  | { readonly ok: true; readonly from: OrderState; readonly event: OrderEvent; readonly state: OrderState }
  | { readonly ok: false; readonly error: IllegalTransition };

export function isOrderState(value: unknown): value is OrderState {
  return typeof value === 'string' && (ORDER_STATES as readonly string[]).includes(value);
}

export function isOrderEvent(value: unknown): value is OrderEvent {
  return typeof value === 'string' && (ORDER_EVENTS as readonly string[]).includes(value);
}

/** Events accepted in a state, in the fixed order of ORDER_EVENTS. */
export function allowedEvents(state: OrderState): OrderEvent[] {
  const row = TRANSITIONS[state];
  return ORDER_EVENTS.filter((e) => row[e] !== undefined);
}

export function isTerminal(state: OrderState): boolean {
  return allowedEvents(state).length === 0;
}

export function canTransition(state: OrderState, event: OrderEvent): boolean {
  return TRANSITIONS[state][event] !== undefined;
}

/** Next state, or a typed IllegalTransition (never throws for a legal-but-refused move). */
export function transition(state: OrderState, event: OrderEvent): TransitionResult {
  const next = TRANSITIONS[state][event];
  if (next === undefined) {
    return {
      ok: false,
      error: { kind: 'illegal_transition', from: state, event, allowedEvents: allowedEvents(state) },
    };
  }
  return { ok: true, from: state, event, state: next };
}
