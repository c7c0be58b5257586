import { Controller, Logger } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type {
  MessagePayload,
  RectificationReceipt,
  RestrictionReceipt,
  SubjectExport,
} from '@offera/contracts';
import { HandleMessage } from '@offera/transport';
import { DataSource } from 'typeorm';
import { OffersService } from '../offers/offers.service.js';
import { PortabilityExport } from './portability-export.js';
import { SubjectRestrictionEntity } from './subject-restriction.entity.js';

/** The orders service's part of access, rectification and restriction requests. */
@Controller()
export class SubjectRightsHandlers {
  private readonly log = new Logger('SubjectRights');

  constructor(
    private readonly db: DataSource,
    private readonly offers: OffersService,
    private readonly portability: PortabilityExport,
  ) {}

  /** Everything the orders schema holds about the subject, as the notice lists it under "Tilaustiedot". */
  @HandleMessage('orders.export-subject')
  async export(@Payload() p: MessagePayload<'orders.export-subject'>): Promise<SubjectExport> {
    if (p.purpose === 'portability') return this.portability.build(p.subjectId);
    const q = (sql: string) => this.db.query<Record<string, unknown>[]>(sql, [p.subjectId]);
    const mine = 'SELECT id FROM orders WHERE customer_id = $1';
    return {
      service: 'orders',
      data: {
        orders: await q(
          `SELECT id, series_id, status, service_code, add_ons, floor_area_m2, starts_at, duration_minutes,
                  frequency, address, latitude, longitude, extra_info, access_notes, pets, discount_code,
                  payment_method, price_snapshot, total_cents, provider_id, cancelled_by,
                  cancellation_fee_cents, cancelled_at, completed_at, host(placed_ip) AS placed_ip, created_at
             FROM orders WHERE customer_id = $1 ORDER BY starts_at`,
        ),
        order_series: await q(
          `SELECT id, status, rule, start_local, duration_minutes, skipped, rescheduled, paused_until, ends_on,
                  template - 'ip' AS template, created_at
             FROM order_series WHERE customer_id = $1 ORDER BY created_at`,
        ),
        provider_comments: await q(
          `SELECT order_id, provider_id, body, created_at FROM order_comments WHERE order_id IN (${mine}) ORDER BY created_at`,
        ),
        ratings: await q(
          `SELECT order_id, provider_id, rating, comment, created_at FROM order_ratings WHERE customer_id = $1`,
        ),
        discount_codes_used: await q(
          `SELECT code, order_id, created_at FROM discount_redemptions WHERE customer_id = $1`,
        ),
        invoices: await q(
          `SELECT number, invoice_date, buyer_name, billing_address, lines, vat_breakdown, total_gross_cents,
                  vat_total_cents, net_cents, work_cents, payment_method
             FROM invoices WHERE customer_id = $1 ORDER BY number`,
        ),
        restriction: await q(`SELECT restricted_at FROM subject_restrictions WHERE subject_id = $1`),
        // The subject as a provider: their offers and jobs (not the customers' details), what
        // they wrote, and the ratings given to their work.
        provider_offers: await q(
          `SELECT order_id, round, status, offered_at, decided_at, release_reason
             FROM order_offers WHERE provider_id = $1 ORDER BY offered_at`,
        ),
        provider_jobs: await q(
          `SELECT id, service_code, starts_at, duration_minutes, status, completed_at
             FROM orders WHERE provider_id = $1 ORDER BY starts_at`,
        ),
        provider_comments_written: await q(
          `SELECT order_id, body, created_at FROM order_comments WHERE provider_id = $1 ORDER BY created_at`,
        ),
        provider_ratings_received: await q(
          `SELECT order_id, rating, comment, created_at FROM order_ratings WHERE provider_id = $1 ORDER BY created_at`,
        ),
      },
    };
  }

  /**
   * The orders schema holds no name, email or phone to correct; invoices carry the buyer's
   * name as it was when issued, and vouchers are not altered after the fact.
   */
  @HandleMessage('orders.rectify-subject')
  rectify(@Payload() _p: MessagePayload<'orders.rectify-subject'>): RectificationReceipt {
    return { service: 'orders', rectified: {} };
  }

  /** Sets or lifts the restriction; restricted orders stay stored but are never offered. */
  @HandleMessage('orders.restrict-subject')
  async restrict(@Payload() p: MessagePayload<'orders.restrict-subject'>): Promise<RestrictionReceipt> {
    const released = await this.db.transaction(async (tx) => {
      if (p.restricted) {
        await tx
          .createQueryBuilder()
          .insert()
          .into(SubjectRestrictionEntity)
          .values({ subjectId: p.subjectId, requestId: p.requestId })
          .orIgnore()
          .execute();
      } else {
        await tx.getRepository(SubjectRestrictionEntity).delete({ subjectId: p.subjectId });
      }
      // Open offers of a newly restricted subject are withdrawn: providers no longer see the order.
      if (p.restricted) {
        await tx.query(
          `UPDATE order_offers SET status = 'withdrawn', decided_at = now()
            WHERE status = 'open' AND order_id IN (SELECT id FROM orders WHERE customer_id = $1)`,
          [p.subjectId],
        );
        await tx.query(
          `UPDATE orders SET status = 'requested', updated_at = now() WHERE customer_id = $1 AND status = 'offered'`,
          [p.subjectId],
        );
      }
      await tx.query(`UPDATE orders SET restricted = $2, updated_at = now() WHERE customer_id = $1`, [
        p.subjectId,
        p.restricted,
      ]);
      if (p.restricted) return [];
      return tx.query<{ id: string }[]>(
        `SELECT id FROM orders WHERE customer_id = $1 AND status = 'requested' AND starts_at > now()`,
        [p.subjectId],
      );
    });
    // Lifted: waiting orders are offered again (failures leave them for an operator).
    for (const { id } of released) {
      await this.offers.offer(id).catch((err: unknown) => {
        this.log.warn(
          `Re-offering after a lifted restriction failed: ${err instanceof Error ? err.name : 'error'}`,
        );
      });
    }
    return { service: 'orders', applied: true };
  }
}
