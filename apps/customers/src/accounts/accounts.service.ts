import { createHmac } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { hash, verify } from '@node-rs/argon2';
import type {
  ChangePasswordPayload,
  CredentialsPayload,
  RegisterCustomerPayload,
  SessionResult,
} from '@offera/contracts';
import { APP_CONFIG } from '@offera/config';
import { OutboxWriter } from '@offera/database';
import { DataSource, type EntityManager, IsNull } from 'typeorm';
import type { CustomersConfig } from '../config.js';
import { CustomerEntity } from '../profiles/customer.entity.js';
import { checkLanguage, checkPhone } from '../shared/input.js';
import { AccountEntity } from './account.entity.js';
import { AccountsError, AccountsErrorReason } from './accounts.errors.js';
import { IpAddressEntity, type IpContext } from './ip-address.entity.js';
import { LoginThrottleService } from './login-throttle.service.js';
import { RefreshTokenEntity } from './refresh-token.entity.js';
import {
  issuedMatches,
  issueToken,
  messageToken,
  parseToken,
  rotatedToken,
  secretMatches,
} from './refresh-tokens.js';
import { type SessionMark, SessionMarksService } from './session-marks.service.js';

/** A valid argon2id hash of a random password, verified against when the email is unknown so that
 * a login takes as long for an unknown address as for a wrong password. */
const DUMMY_HASH = await hash(`dummy-${Math.random()}`);

@Injectable()
export class AccountsService {
  /** Derives the session a sign-in's message starts (a subkey, never compared with other hashes). */
  private readonly sessionKey: Buffer;

  constructor(
    private readonly db: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly throttle: LoginThrottleService,
    private readonly marks: SessionMarksService,
    @Inject(APP_CONFIG) private readonly config: CustomersConfig,
  ) {
    this.sessionKey = createHmac('sha256', config.blindIndexKey).update('session-token').digest();
  }

  /**
   * `id` (derived from the message's): the same registration delivered again (its answer lost
   * after the commit) answers with the session it started, instead of "email taken", and
   * announces nothing twice. `messageId` derives that session's token.
   */
  async register(input: RegisterCustomerPayload, id?: string, messageId?: string): Promise<SessionResult> {
    // The same authoritative checks as for a customer entered by staff, before anything is written.
    const phone = input.phone === undefined ? null : checkPhone(input.phone);
    const language = input.language === undefined ? 'fi' : checkLanguage(input.language);
    const passwordHash = await hash(input.password);
    return this.db.transaction(async (tx) => {
      const taken = await tx
        .getRepository(AccountEntity)
        .createQueryBuilder('a')
        .where('lower(a.email) = lower(:email)', { email: input.email })
        .getOne();
      if (taken && id !== undefined && taken.id === id) return this.startSession(tx, taken, messageId);
      if (taken)
        throw new AccountsError(AccountsErrorReason.EmailTaken, 'An account with this email already exists');
      const account = await tx
        .getRepository(AccountEntity)
        .save(
          tx
            .getRepository(AccountEntity)
            .create({ ...(id ? { id } : {}), role: 'customer', email: input.email.trim(), passwordHash }),
        );
      await tx.getRepository(CustomerEntity).insert({
        id: account.id,
        firstName: input.firstName.trim(),
        lastName: input.lastName.trim(),
        phone,
        language,
      });
      await this.recordIp(tx, account.id, input.ip, 'registration');
      await this.outbox.add(tx, 'customer.registered', {
        customerId: account.id,
        occurredAt: new Date().toISOString(),
      });
      return this.startSession(tx, account, messageId);
    });
  }

  /**
   * `messageId`: the same sign-in delivered again (its answer lost after the commit) answers as
   * the first did — the same session, or the same refusal counted once.
   */
  async login(input: CredentialsPayload, messageId?: string): Promise<SessionResult> {
    const account = await this.db
      .getRepository(AccountEntity)
      .createQueryBuilder('a')
      .where('lower(a.email) = lower(:email)', { email: input.email })
      .getOne();
    const keys = this.throttle.keys(input.email, input.ip);
    const badCredentials = () =>
      new AccountsError(AccountsErrorReason.BadCredentials, 'Wrong email or password');
    if (await this.throttle.failedBefore(messageId)) throw badCredentials();
    await this.throttle.assertAllowed(keys);
    // An account without a password (registered by an operator) cannot sign in.
    const ok = await verify(account?.passwordHash ?? DUMMY_HASH, input.password);
    if (!account || !ok) {
      await this.throttle.recordFailure(keys, messageId);
      throw badCredentials();
    }
    await this.throttle.recordSuccess(input.email);
    return this.db.transaction(async (tx) => {
      const again = messageId && (await this.issuedFor(tx, account, messageId));
      if (again) return again;
      await this.recordIp(tx, account.id, input.ip, 'login');
      return this.startSession(tx, account, messageId);
    });
  }

  /** Needs the current password; on success every refresh token of the account is revoked. */
  async changePassword(input: ChangePasswordPayload, messageId?: string): Promise<{ changed: boolean }> {
    if (
      typeof input.newPassword !== 'string' ||
      input.newPassword.length < 10 ||
      input.newPassword.length > 256
    )
      throw new AccountsError(
        AccountsErrorReason.WeakPassword,
        'newPassword must be 10 to 256 characters long',
      );
    const account = await this.db.getRepository(AccountEntity).findOneBy({ id: input.accountId });
    const keys = this.throttle.keys(account?.email, undefined);
    await this.throttle.assertAllowed(keys);
    const ok = await verify(account?.passwordHash ?? DUMMY_HASH, input.currentPassword);
    if (!account || !ok) {
      // The same change delivered again (its answer lost after the commit): the new password is
      // in place already. (Only the signed-in account's own password is compared.)
      if (account?.passwordHash && (await verify(account.passwordHash, input.newPassword)))
        return { changed: true };
      await this.throttle.recordFailure(keys, messageId);
      throw new AccountsError(AccountsErrorReason.WrongPassword, 'The current password is wrong');
    }
    const passwordHash = await hash(input.newPassword);
    await this.db.transaction(async (tx) => {
      await tx.getRepository(AccountEntity).update({ id: account.id }, { passwordHash });
      await tx
        .getRepository(RefreshTokenEntity)
        .update({ accountId: account.id, revokedAt: IsNull() }, { revokedAt: new Date() });
    });
    return { changed: true };
  }

  /** Rotates a refresh token; presenting one that was already rotated revokes its whole family. */
  async refresh(token: string, messageId: string): Promise<SessionResult> {
    const parsed = parseToken(token);
    const invalid = () =>
      new AccountsError(AccountsErrorReason.RefreshTokenInvalid, 'Refresh token is invalid or expired');
    if (!parsed) throw invalid();
    const outcome = await this.db.transaction(async (tx) => {
      const repo = tx.getRepository(RefreshTokenEntity);
      // The account row first, then the token's: the order a lock, deactivation or erasure takes
      // them in (account, then its tokens), so the two never wait for each other.
      const owner = await repo.findOne({ where: { id: parsed.id }, select: { id: true, accountId: true } });
      if (!owner) throw invalid();
      await tx.query(`SELECT 1 FROM accounts WHERE id = $1 FOR SHARE`, [owner.accountId]);
      const row = await repo.findOne({ where: { id: parsed.id }, lock: { mode: 'pessimistic_write' } });
      if (!row || !secretMatches(parsed.secret, row.secretHash)) throw invalid();
      if (row.replacedBy && !row.revokedAt) {
        // The same refresh delivered again: the token it rotated to, if still the current one.
        const again = rotatedToken(parsed.secret, messageId, row.replacedBy);
        const next = await repo.findOneBy({ id: row.replacedBy });
        const account = await tx.getRepository(AccountEntity).findOneBy({ id: row.accountId });
        const mark = account && (await this.sessionMark(tx, account.id));
        if (
          next &&
          account &&
          mark?.active &&
          !next.revokedAt &&
          !next.replacedBy &&
          issuedMatches(again, next.secretHash)
        )
          return {
            accountId: account.id,
            role: account.role,
            refreshToken: again.token,
            sessionVersion: mark.version,
          } satisfies SessionResult;
      }
      if (row.revokedAt || row.replacedBy) {
        await repo.update({ familyId: row.familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
        return 'reused' as const;
      }
      if (row.expiresAt.getTime() <= Date.now()) throw invalid();
      const account = await tx.getRepository(AccountEntity).findOneBy({ id: row.accountId });
      if (!account) throw invalid();
      // Locking or deactivating revoked its tokens; this holds should one have been issued since.
      const mark = await this.sessionMark(tx, account.id);
      if (!mark.active) throw invalid();
      const next = rotatedToken(parsed.secret, messageId);
      await repo.insert(this.tokenRow(next, account.id, row.familyId));
      await repo.update({ id: row.id }, { replacedBy: next.id });
      return {
        accountId: account.id,
        role: account.role,
        refreshToken: next.token,
        sessionVersion: mark.version,
      } satisfies SessionResult;
    });
    // Thrown after the transaction so the family's revocation is committed.
    if (outcome === 'reused') {
      throw new AccountsError(
        AccountsErrorReason.RefreshTokenReused,
        'Refresh token was already used; sign in again',
      );
    }
    return outcome;
  }

  async logout(token: string): Promise<{ revoked: boolean }> {
    const parsed = parseToken(token);
    if (!parsed) return { revoked: false };
    const row = await this.db.getRepository(RefreshTokenEntity).findOneBy({ id: parsed.id });
    if (!row || !secretMatches(parsed.secret, row.secretHash)) return { revoked: false };
    const result = await this.db
      .getRepository(RefreshTokenEntity)
      .update({ familyId: row.familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
    return { revoked: (result.affected ?? 0) > 0 };
  }

  /**
   * Issues a refresh token under the account's current session version. A locked or deactivated
   * account gets none: the password was right, so saying why reveals nothing to a stranger.
   */
  private async startSession(
    tx: EntityManager,
    account: AccountEntity,
    messageId?: string,
  ): Promise<SessionResult> {
    const again = messageId && (await this.issuedFor(tx, account, messageId));
    if (again) return again;
    const mark = await this.sessionMark(tx, account.id);
    if (!mark.active) {
      throw mark.status === 'deactivated'
        ? new AccountsError(AccountsErrorReason.AccountDeactivated, 'This account has been deactivated')
        : new AccountsError(
            AccountsErrorReason.AccountLocked,
            'This account is locked; contact customer service',
          );
    }
    const issued = messageId ? messageToken(this.sessionKey, messageId) : issueToken();
    await tx.getRepository(RefreshTokenEntity).insert(this.tokenRow(issued, account.id, issued.id));
    return {
      accountId: account.id,
      role: account.role,
      refreshToken: issued.token,
      sessionVersion: mark.version,
    };
  }

  /**
   * The session this message started already, if it did and it is still the current one; its
   * message then was delivered again. A session rotated, revoked or ended since is not answered
   * with again: the sign-in is refused as the token would be.
   */
  private async issuedFor(
    tx: EntityManager,
    account: AccountEntity,
    messageId: string,
  ): Promise<SessionResult | undefined> {
    const issued = messageToken(this.sessionKey, messageId);
    const row = await tx.getRepository(RefreshTokenEntity).findOneBy({ id: issued.id });
    if (!row) return undefined;
    const mark = await this.sessionMark(tx, account.id);
    if (
      row.accountId !== account.id ||
      row.revokedAt ||
      row.replacedBy ||
      !mark.active ||
      !issuedMatches(issued, row.secretHash)
    )
      throw new AccountsError(
        AccountsErrorReason.RefreshTokenInvalid,
        'This session has ended; sign in again',
      );
    return {
      accountId: account.id,
      role: account.role,
      refreshToken: issued.token,
      sessionVersion: mark.version,
    };
  }

  /**
   * The account's session mark, the account row share-locked first: a lock, deactivation or
   * erasure (which lock it for update) then either waits for this session and revokes its token,
   * or has committed and is seen here.
   */
  private async sessionMark(tx: EntityManager, accountId: string): Promise<SessionMark> {
    await tx.query(`SELECT 1 FROM accounts WHERE id = $1 FOR SHARE`, [accountId]);
    return this.marks.state(accountId, tx);
  }

  private tokenRow(issued: ReturnType<typeof issueToken>, accountId: string, familyId: string) {
    return {
      id: issued.id,
      accountId,
      familyId,
      secretHash: issued.secretHash,
      expiresAt: new Date(Date.now() + this.config.refreshTokenTtlSeconds * 1000),
      revokedAt: null,
      replacedBy: null,
    };
  }

  async recordIp(tx: EntityManager, accountId: string, ip: string | undefined, context: IpContext) {
    if (!ip) return;
    await tx.getRepository(IpAddressEntity).insert({ accountId, ip, context, seenAt: new Date() });
  }
}
