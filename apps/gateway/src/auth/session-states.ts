import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { SessionState } from '@offera/contracts';
import { type BroadcastListener, MessageBus } from '@offera/transport';
import { ExpiringMap } from '../memory/expiring-map.js';

/** How long an account's session state is kept without a broadcast about it (a bound, not the path). */
export const SESSION_STATE_TTL_MS = 30_000;
const MAX_ENTRIES = 50_000;

interface Flight {
  readonly promise: Promise<SessionState>;
  /** A broadcast arrived while loading: the answer may predate the change, so it is not kept. */
  stale: boolean;
}

/** Whether a token issued under `version` may be used while the account's state is `state`. */
export const admits = (state: SessionState, version: number): boolean =>
  state.active && version >= state.version;

/**
 * Whether each account's sessions may still be used, as the customers service records it (its
 * session mark: a version raised by every erasure, lock and deactivation, and whether the account
 * is active). Checked on every authenticated request, after the token's signature, so nothing the
 * gateway remembers (verified tokens, the `/me` profile) outlives an ended session.
 *
 * Kept in memory so the check costs nothing on the hot path: the customers service broadcasts
 * `account.sessions-changed` after every such change, and every gateway drops the account's
 * entry. While the broadcast subscription is down (a broadcast may be missed) nothing is kept and
 * every request asks the customers service; a load overlapping a broadcast is not kept; a
 * restarted gateway starts empty. When the customers service cannot answer, the request fails.
 */
@Injectable()
export class SessionStates implements OnModuleInit, BroadcastListener {
  private readonly entries = new ExpiringMap<string, SessionState>(MAX_ENTRIES);
  private readonly flights = new Map<string, Flight>();
  private live = false;
  /** Counts broadcasts received and subscription losses: anything that may have changed a state. */
  private changes = 0;

  constructor(private readonly bus: MessageBus) {}

  async onModuleInit(): Promise<void> {
    await this.bus.listen('account.sessions-changed', this);
  }

  /** Whether a token of `accountId` issued under `version` may still be used. */
  async admits(accountId: string, version: number): Promise<boolean> {
    const kept = this.live ? this.entries.get(accountId) : undefined;
    return admits(kept ?? (await this.load(accountId)), version);
  }

  private async load(accountId: string): Promise<SessionState> {
    const pending = this.flights.get(accountId);
    if (pending && !pending.stale) return pending.promise;
    const flight: Flight = {
      promise: this.bus.send('customers.get-session-state', { accountId }),
      stale: !this.live,
    };
    this.flights.set(accountId, flight);
    try {
      const state = await flight.promise;
      if (!flight.stale && this.live)
        this.entries.set(
          accountId,
          { version: state.version, active: state.active },
          Date.now() + SESSION_STATE_TTL_MS,
        );
      return state;
    } finally {
      if (this.flights.get(accountId) === flight) this.flights.delete(accountId);
    }
  }

  /** A point in this gateway's view of changes, to give `learn` (taken before asking). */
  get clock(): number {
    return this.changes;
  }

  /**
   * Keeps the state the customers service answered a sign-in, registration or refresh with (an
   * active account at `version`), so the new session's first request asks nothing; unless any
   * broadcast arrived (or the subscription dropped) since `since`, which may have overtaken it.
   */
  learn(accountId: string, version: number, since: number): void {
    if (this.live && this.changes === since)
      this.entries.set(accountId, { version, active: true }, Date.now() + SESSION_STATE_TTL_MS);
  }

  /** How many accounts' states are kept now (for tests and diagnostics). */
  get size(): number {
    return this.entries.size;
  }

  received(accountId: string): void {
    this.changes += 1;
    this.entries.delete(accountId);
    const flight = this.flights.get(accountId);
    if (flight) flight.stale = true;
  }

  listening(): void {
    this.live = true;
  }

  deaf(): void {
    this.changes += 1;
    this.live = false;
    this.entries.clear();
    for (const flight of this.flights.values()) flight.stale = true;
  }
}
