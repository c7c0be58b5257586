import { Injectable } from '@nestjs/common';
import type { SubjectExport } from '@offera/contracts';
import { DataSource } from 'typeorm';

/**
 * Art. 20: what the subject gave when ordering, processed on contract — each order's and
 * series' choices, address and instructions, and their own ratings. Not what the service or
 * others added: providers (ids, comments), prices worked out, coordinates, statuses, the IP the
 * order came from, and invoices (kept under a legal obligation, not contract).
 */
@Injectable()
export class PortabilityExport {
  constructor(private readonly db: DataSource) {}

  async build(subjectId: string): Promise<SubjectExport> {
    const q = (sql: string) => this.db.query<Record<string, unknown>[]>(sql, [subjectId]);
    const [orders, series, ratings, comments, releases] = await Promise.all([
      q(
        `SELECT id, service_code, add_ons, floor_area_m2, starts_at, duration_minutes, frequency, address,
                extra_info, access_notes, pets, discount_code, payment_method, created_at
           FROM orders WHERE customer_id = $1 ORDER BY starts_at`,
      ),
      q(
        `SELECT id, rule, start_local, duration_minutes, ends_on, template - 'ip' - 'latitude' - 'longitude' AS template,
                created_at
           FROM order_series WHERE customer_id = $1 ORDER BY created_at`,
      ),
      q(
        `SELECT order_id, rating, comment, created_at FROM order_ratings WHERE customer_id = $1 ORDER BY created_at`,
      ),
      // As a provider: what they wrote themselves.
      q(`SELECT order_id, body, created_at FROM order_comments WHERE provider_id = $1 ORDER BY created_at`),
      q(
        `SELECT order_id, release_reason, decided_at FROM order_offers
          WHERE provider_id = $1 AND release_reason IS NOT NULL ORDER BY decided_at`,
      ),
    ]);
    return {
      service: 'orders',
      data: {
        orders,
        order_series: series,
        ratings,
        ...(comments.length ? { provider_comments_written: comments } : {}),
        ...(releases.length ? { provider_release_reasons: releases } : {}),
      },
    };
  }
}
