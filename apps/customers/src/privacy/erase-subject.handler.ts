import { randomUUID } from 'node:crypto';
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
 * Everything of an account in one statement: the account row, whose deletion cascades to the
 * customer profile, tokens, IP addresses, addresses and identity code, or to a provider's or
 * staff member's contact profile and a provider's business details, service area and services
 * (counted first, from the same snapshot), and the histories kept by customer id (reveals,
 * rectifications). Providers and staff are data subjects too (issue 14 point 12).
 */
const ERASE_SQL = `
  WITH subject AS (SELECT id FROM accounts WHERE id = $1),
  reveals AS (DELETE FROM identity_code_reveals WHERE customer_id = $1 RETURNING 1),
  rectifications AS (DELETE FROM rectification_history WHERE customer_id = $1 RETURNING 1),
  account AS (DELETE FROM accounts WHERE id IN (SELECT id FROM subject) RETURNING 1),
  staff_reveals AS (
    UPDATE identity_code_reveals SET revealed_by = $2 WHERE revealed_by = $1 AND customer_id <> $1 RETURNING 1
  ),
  staff_corrections AS (
    UPDATE rectification_history SET changed_by = $2 WHERE changed_by = $1 AND customer_id <> $1 RETURNING 1
  )
  SELECT
    (SELECT count(*) FROM refresh_tokens WHERE account_id IN (SELECT id FROM subject))::int AS refresh_tokens,
    (SELECT count(*) FROM ip_addresses WHERE account_id IN (SELECT id FROM subject))::int AS ip_addresses,
    (SELECT count(*) FROM addresses WHERE customer_id IN (SELECT id FROM subject))::int AS addresses,
    (SELECT count(*) FROM identity_codes WHERE customer_id IN (SELECT id FROM subject))::int AS identity_codes,
    (SELECT count(*) FROM reveals)::int AS identity_code_reveals,
    (SELECT count(*) FROM rectifications)::int AS rectification_history,
    (SELECT count(*) FROM customers WHERE id IN (SELECT id FROM subject))::int AS customers,
    (SELECT count(*) FROM contact_profiles WHERE account_id IN (SELECT id FROM subject))::int AS contact_profiles,
    (SELECT count(*) FROM providers WHERE account_id IN (SELECT id FROM subject))::int AS providers,
    (SELECT count(*) FROM provider_postal_codes WHERE provider_id IN (SELECT id FROM subject))::int
      AS provider_postal_codes,
    (SELECT count(*) FROM provider_services WHERE provider_id IN (SELECT id FROM subject))::int
      AS provider_services,
    (SELECT count(*) FROM staff_reveals)::int AS staff_reveals,
    (SELECT count(*) FROM staff_corrections)::int AS staff_corrections,
    (SELECT count(*) FROM account)::int AS accounts`;

interface ErasedRow {
  readonly refresh_tokens: number;
  readonly ip_addresses: number;
  readonly addresses: number;
  readonly identity_codes: number;
  readonly identity_code_reveals: number;
  readonly rectification_history: number;
  readonly customers: number;
  readonly contact_profiles: number;
  readonly providers: number;
  readonly provider_postal_codes: number;
  readonly provider_services: number;
  readonly staff_reveals: number;
  readonly staff_corrections: number;
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
    const [account] = await tx.query<{ email: string }[]>(`SELECT email FROM accounts WHERE id = $1`, [
      subjectId,
    ]);
    const [, throttles] = account
      ? await tx.query<[unknown, number]>(`DELETE FROM login_throttles WHERE key = $1`, [
          this.throttle.emailKey(account.email),
        ])
      : [undefined, 0];
    // A staff member: the reveals they made and the corrections they entered stay on record
    // under one random pseudonym, kept nowhere with their id.
    const [erased] = await tx.query<ErasedRow[]>(ERASE_SQL, [subjectId, randomUUID()]);
    // Any account erased (customer, provider or staff): every session it had ends now.
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
        ...(erased.contact_profiles ? { contact_profiles: erased.contact_profiles } : {}),
        ...(erased.providers
          ? {
              providers: erased.providers,
              provider_postal_codes: erased.provider_postal_codes,
              provider_services: erased.provider_services,
            }
          : {}),
        accounts: erased.accounts,
        ...(erased.staff_reveals ? { 'identity_code_reveals.revealed_by': erased.staff_reveals } : {}),
        ...(erased.staff_corrections ? { 'rectification_history.changed_by': erased.staff_corrections } : {}),
      },
      withheld: [],
    };
  }
}
