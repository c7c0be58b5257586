import { createHmac } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG } from '@offera/config';
import type { AccountStatus, SessionState } from '@offera/contracts';
import { MessageBus } from '@offera/transport';
import { DataSource, type EntityManager } from 'typeorm';
import type { CustomersConfig } from '../config.js';

export type MarkStatus = AccountStatus | 'erased';

export interface SessionMark extends SessionState {
  readonly status: MarkStatus;
}

/** An account that never had its sessions ended: version 0, active. */
const UNMARKED: SessionMark = { version: 0, active: true, status: 'active' };

/**
 * The durable "every session before this is void" mark of an account. Ending sessions (erasure,
 * lock, deactivation) raises the account's version in the same transaction as the change; access
 * tokens carry the version they were issued under, and the gateway refuses a lower one and any
 * while the account is not active. Rows are keyed by a keyed hash of the account id, so the mark
 * of an erased account outlives it without naming it.
 */
@Injectable()
export class SessionMarksService {
  private readonly log = new Logger(SessionMarksService.name);
  private readonly hashKey: Buffer;

  constructor(
    private readonly db: DataSource,
    private readonly bus: MessageBus,
    @Inject(APP_CONFIG) config: CustomersConfig,
  ) {
    // A subkey, so these hashes can never be compared with the blind index or the throttle keys.
    this.hashKey = createHmac('sha256', config.blindIndexKey).update('session-marks').digest();
  }

  keyOf(accountId: string): Buffer {
    return createHmac('sha256', this.hashKey).update(accountId.toLowerCase()).digest();
  }

  async state(accountId: string, m: EntityManager = this.db.manager): Promise<SessionMark> {
    const [row] = await m.query<{ version: number; status: MarkStatus }[]>(
      `SELECT version, status FROM session_marks WHERE account_key = $1`,
      [this.keyOf(accountId)],
    );
    return row ? { version: row.version, active: row.status === 'active', status: row.status } : UNMARKED;
  }

  /** Ends every session of the account (in the caller's transaction) and sets its status. */
  async end(tx: EntityManager, accountId: string, status: Exclude<MarkStatus, 'active'>): Promise<void> {
    await tx.query(
      `INSERT INTO session_marks (account_key, version, status) VALUES ($1, 1, $2)
       ON CONFLICT (account_key) DO UPDATE
         SET version = session_marks.version + 1, status = EXCLUDED.status, changed_at = now()`,
      [this.keyOf(accountId), status],
    );
  }

  /** Lets the account sign in again; sessions ended before stay ended (the version is kept). */
  async reactivate(tx: EntityManager, accountId: string): Promise<void> {
    await tx.query(
      `UPDATE session_marks SET status = 'active', changed_at = now()
        WHERE account_key = $1 AND status IN ('locked', 'deactivated')`,
      [this.keyOf(accountId)],
    );
  }

  /**
   * Tells every gateway to drop what it knows of the account's sessions, after the change
   * committed. Throws when it cannot: the command then fails and is retried (it is idempotent),
   * so its answer never comes before the gateways were told.
   */
  async announce(accountId: string): Promise<void> {
    try {
      await this.bus.broadcast('account.sessions-changed', accountId);
    } catch (error) {
      this.log.warn('Could not broadcast a change of sessions');
      throw error;
    }
  }
}
