import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { ErasureReceipt, MessagePayload } from '@offera/contracts';
import { HandleMessage } from '@offera/transport';
import { keepErasureReceipt } from '@offera/database';
import { DataSource, type EntityManager } from 'typeorm';
import { LoginThrottleService } from '../accounts/login-throttle.service.js';
import { SessionMarksService } from '../accounts/session-marks.service.js';
import { ProfileChangeNotifier } from '../profiles/profile-change-notifier.js';

/**
 * Everything of a customer account in one statement: the account row, whose deletion cascades
 * to the profile, tokens, IP addresses, addresses and identity code (counted first, from the
 * same snapshot), and the histories kept by customer id (reveals, rectifications). Only a
 * `customer` account is deleted; any other role's account reads as nothing to erase.
 */
const ERASE_SQL = `
  WITH subject AS (SELECT id FROM accounts WHERE id = $1 AND role = 'customer'),
  reveals AS (DELETE FROM identity_code_reveals WHERE customer_id = $1 RETURNING 1),
  rectifications AS (DELETE FROM rectification_history WHERE customer_id = $1 RETURNING 1),
  account AS (DELETE FROM accounts WHERE id IN (SELECT id FROM subject) RETURNING 1)
  SELECT
    (SELECT count(*) FROM refresh_tokens WHERE account_id IN (SELECT id FROM subject))::int AS refresh_tokens,
    (SELECT count(*) FROM ip_addresses WHERE account_id IN (SELECT id FROM subject))::int AS ip_addresses,
    (SELECT count(*) FROM addresses WHERE customer_id IN (SELECT id FROM subject))::int AS addresses,
    (SELECT count(*) FROM identity_codes WHERE customer_id IN (SELECT id FROM subject))::int AS identity_codes,
    (SELECT count(*) FROM reveals)::int AS identity_code_reveals,
    (SELECT count(*) FROM rectifications)::int AS rectification_history,
    (SELECT count(*) FROM customers WHERE id IN (SELECT id FROM subject))::int AS customers,
    (SELECT count(*) FROM account)::int AS accounts`;

interface ErasedRow {
  readonly refresh_tokens: number;
  readonly ip_addresses: number;
  readonly addresses: number;
  readonly identity_codes: number;
  readonly identity_code_reveals: number;
  readonly rectification_history: number;
  readonly customers: number;
  readonly accounts: number;
}

/**
 * Erases everything the customer register holds about the subject, in one transaction with its
 * receipt: the sign-in throttle row (keyed by a hash of the email, so found while the email is
 * still known), then the account and all that hangs on it. Running it again for the same request
 * erases nothing more and answers with the receipt of the run that did.
 */
@Controller()
export class EraseSubjectHandler {
  constructor(
    private readonly db: DataSource,
    private readonly throttle: LoginThrottleService,
    private readonly changes: ProfileChangeNotifier,
    private readonly marks: SessionMarksService,
  ) {}

  /**
   * The account's sessions end in the erasing transaction (its session mark, kept by a keyed
   * hash, outlives the account); the step answers only once every gateway has been told.
   */
  @HandleMessage('customers.erase-subject')
  async erase(@Payload() p: MessagePayload<'customers.erase-subject'>): Promise<ErasureReceipt> {
    const receipt = await this.changes.after(p.subjectId, () =>
      this.db.transaction(async (tx) =>
        keepErasureReceipt(tx, p.requestId, await this.eraseRows(tx, p.subjectId)),
      ),
    );
    await this.marks.announce(p.subjectId);
    return receipt;
  }

  private async eraseRows(tx: EntityManager, subjectId: string): Promise<ErasureReceipt> {
    const [account] = await tx.query<{ email: string }[]>(
      `SELECT email FROM accounts WHERE id = $1 AND role = 'customer'`,
      [subjectId],
    );
    const [, throttles] = account
      ? await tx.query<[unknown, number]>(`DELETE FROM login_throttles WHERE key = $1`, [
          this.throttle.emailKey(account.email),
        ])
      : [undefined, 0];
    const [erased] = await tx.query<ErasedRow[]>(ERASE_SQL, [subjectId]);
    if (erased.accounts > 0) await this.marks.end(tx, subjectId, 'erased');
    return {
      service: 'customers',
      erased: {
        refresh_tokens: erased.refresh_tokens,
        ip_addresses: erased.ip_addresses,
        login_throttles: throttles,
        addresses: erased.addresses,
        identity_codes: erased.identity_codes,
        identity_code_reveals: erased.identity_code_reveals,
        rectification_history: erased.rectification_history,
        customers: erased.customers,
        accounts: erased.accounts,
      },
      withheld: [],
    };
  }
}
