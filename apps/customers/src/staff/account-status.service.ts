import { Injectable } from '@nestjs/common';
import {
  ACCOUNT_STATUSES,
  type AccountStatus,
  type AccountStatusView,
  ErrorCode,
  type SetAccountStatusPayload,
} from '@offera/contracts';
import { OutboxWriter } from '@offera/database';
import { DomainError } from '@offera/transport';
import { DataSource, IsNull } from 'typeorm';
import { RefreshTokenEntity } from '../accounts/refresh-token.entity.js';
import { SessionMarksService } from '../accounts/session-marks.service.js';
import { invalid, RegisterError, RegisterErrorReason } from '../shared/register.errors.js';

/**
 * An admin locks, deactivates or reactivates an account. Locking and deactivating end every
 * session at once: the session version is raised and every refresh token revoked in one
 * transaction, then every gateway is told; the answer comes only after that.
 */
@Injectable()
export class AccountStatusService {
  constructor(
    private readonly db: DataSource,
    private readonly marks: SessionMarksService,
    private readonly outbox: OutboxWriter,
  ) {}

  async set(p: SetAccountStatusPayload): Promise<AccountStatusView> {
    // The gateway checks the role too; the service does not trust that it did.
    if (p.actor.role !== 'admin')
      throw new DomainError(ErrorCode.Forbidden, 'Only an admin may lock or deactivate accounts');
    if (!(ACCOUNT_STATUSES as readonly string[]).includes(p.status))
      throw invalid('status must be active, locked or deactivated');
    if (p.actor.accountId === p.accountId)
      throw new DomainError(
        ErrorCode.Unprocessable,
        'An admin cannot change the status of their own account',
      );
    const status: AccountStatus = p.status;
    await this.db.transaction(async (tx) => {
      // Locked for update: a sign-in or refresh running now either finishes first (and its token
      // is revoked below) or waits and sees the new status.
      const [account] = await tx.query<{ id: string }[]>(`SELECT id FROM accounts WHERE id = $1 FOR UPDATE`, [
        p.accountId,
      ]);
      if (!account) throw new RegisterError(RegisterErrorReason.AccountNotFound, 'Account not found');
      const current = await this.marks.state(p.accountId, tx);
      if (current.status === status) return; // the same command again: nothing more to end
      // The orders service refuses new orders for an account that is not active (a second line).
      await this.outbox.add(tx, 'account.status-changed', {
        accountId: p.accountId,
        status,
        occurredAt: new Date().toISOString(),
      });
      if (status === 'active') return this.marks.reactivate(tx, p.accountId);
      await this.marks.end(tx, p.accountId, status);
      await tx
        .getRepository(RefreshTokenEntity)
        .update({ accountId: p.accountId, revokedAt: IsNull() }, { revokedAt: new Date() });
    });
    await this.marks.announce(p.accountId);
    return { accountId: p.accountId, status };
  }
}
