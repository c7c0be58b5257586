import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The booking tables: catalogue with effective-dated prices, discount codes, orders, series,
 * offers, comments, ratings and invoices (with their gap-free number counter).
 */
export class Booking1764210000000 implements MigrationInterface {
  name = 'Booking1764210000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE catalog_items (
        kind text NOT NULL CHECK (kind IN ('service','add_on')),
        code text NOT NULL CHECK (code ~ '^[a-z0-9_-]{2,40}$'),
        name_fi text NOT NULL,
        name_en text NOT NULL,
        active boolean NOT NULL DEFAULT true,
        sort_order integer NOT NULL DEFAULT 0,
        PRIMARY KEY (kind, code)
      )`);
    // A price row applies from valid_from until the next row of the same item; rows are never
    // edited, so an order's snapshot and any past price stay reproducible.
    await q.query(`
      CREATE TABLE catalog_prices (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL,
        code text NOT NULL,
        valid_from timestamptz NOT NULL,
        pricing jsonb NOT NULL,
        vat_code text NOT NULL CHECK (vat_code IN ('general','zero')),
        work_share_bp integer NOT NULL CHECK (work_share_bp BETWEEN 0 AND 10000),
        created_at timestamptz NOT NULL DEFAULT now(),
        FOREIGN KEY (kind, code) REFERENCES catalog_items (kind, code),
        UNIQUE (kind, code, valid_from)
      )`);
    await q.query(`
      CREATE TABLE discount_codes (
        code text PRIMARY KEY,
        definition jsonb NOT NULL,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE order_series (
        id uuid PRIMARY KEY,
        customer_id uuid NOT NULL,
        status text NOT NULL CHECK (status IN ('active','ended')),
        rule jsonb NOT NULL,
        start_local text NOT NULL,
        duration_minutes integer NOT NULL,
        skipped jsonb NOT NULL DEFAULT '[]',
        rescheduled jsonb NOT NULL DEFAULT '[]',
        paused_until date,
        ends_on date,
        template jsonb NOT NULL,
        previous_series_id uuid,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX order_series_customer_idx ON order_series (customer_id)`);
    await q.query(`
      CREATE TABLE orders (
        id uuid PRIMARY KEY,
        request_id text UNIQUE,
        customer_id uuid NOT NULL,
        series_id uuid REFERENCES order_series (id) ON DELETE CASCADE,
        series_original_start timestamptz,
        status text NOT NULL CHECK (status IN ('requested','offered','assigned','in_progress','completed','cancelled')),
        service_code text NOT NULL,
        add_ons jsonb NOT NULL DEFAULT '[]',
        floor_area_m2 numeric,
        starts_at timestamptz NOT NULL,
        duration_minutes integer NOT NULL CHECK (duration_minutes > 0),
        frequency text NOT NULL,
        address jsonb NOT NULL,
        postal_code text NOT NULL,
        latitude double precision,
        longitude double precision,
        extra_info text,
        access_notes text,
        pets text,
        discount_code text,
        payment_method text NOT NULL,
        price_snapshot jsonb NOT NULL,
        total_cents integer NOT NULL,
        work_cents integer NOT NULL,
        deduction_cents integer NOT NULL,
        provider_id uuid,
        offer_round integer NOT NULL DEFAULT 0,
        escalated_at timestamptz,
        restricted boolean NOT NULL DEFAULT false,
        cancelled_by text CHECK (cancelled_by IN ('customer','company')),
        cancellation_fee_cents integer,
        cancelled_at timestamptz,
        started_at timestamptz,
        completed_at timestamptz,
        placed_ip inet,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (series_id, series_original_start)
      )`);
    await q.query(`CREATE INDEX orders_customer_idx ON orders (customer_id, starts_at)`);
    await q.query(`CREATE INDEX orders_provider_idx ON orders (provider_id) WHERE provider_id IS NOT NULL`);
    await q.query(`
      CREATE TABLE discount_redemptions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL REFERENCES discount_codes (code),
        customer_id uuid NOT NULL,
        order_id uuid NOT NULL UNIQUE REFERENCES orders (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX discount_redemptions_code_idx ON discount_redemptions (code, customer_id)`);
    await q.query(`
      CREATE TABLE order_offers (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        order_id uuid NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
        provider_id uuid NOT NULL,
        round integer NOT NULL,
        status text NOT NULL CHECK (status IN ('open','accepted','lost','expired','withdrawn')),
        offered_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        decided_at timestamptz,
        UNIQUE (order_id, provider_id, round)
      )`);
    // At most one accepted offer per order, whatever the timing: the database decides the winner.
    await q.query(
      `CREATE UNIQUE INDEX order_offers_one_winner ON order_offers (order_id) WHERE status = 'accepted'`,
    );
    await q.query(`CREATE INDEX order_offers_provider_idx ON order_offers (provider_id, status)`);
    await q.query(`CREATE INDEX order_offers_open_idx ON order_offers (expires_at) WHERE status = 'open'`);
    await q.query(`
      CREATE TABLE order_comments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        order_id uuid NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
        provider_id uuid NOT NULL,
        body text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX order_comments_order_idx ON order_comments (order_id)`);
    await q.query(`
      CREATE TABLE order_ratings (
        order_id uuid PRIMARY KEY REFERENCES orders (id) ON DELETE CASCADE,
        customer_id uuid NOT NULL,
        provider_id uuid NOT NULL,
        rating integer NOT NULL CHECK (rating BETWEEN 1 AND 5),
        comment text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Gap-free numbering: one counter row, incremented in the invoice's own transaction.
    await q.query(
      `CREATE TABLE invoice_counter (id integer PRIMARY KEY CHECK (id = 1), last_number bigint NOT NULL)`,
    );
    await q.query(`INSERT INTO invoice_counter (id, last_number) VALUES (1, 0)`);
    await q.query(`
      CREATE TABLE invoices (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        number bigint NOT NULL UNIQUE,
        invoice_date date NOT NULL,
        order_id uuid UNIQUE,
        customer_id uuid,
        buyer_name text NOT NULL,
        billing_address jsonb NOT NULL,
        lines jsonb NOT NULL,
        vat_breakdown jsonb NOT NULL,
        total_gross_cents integer NOT NULL,
        vat_total_cents integer NOT NULL,
        net_cents integer NOT NULL,
        work_cents integer NOT NULL,
        payment_method text NOT NULL,
        held boolean NOT NULL DEFAULT false,
        held_basis text,
        held_until date,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX invoices_customer_idx ON invoices (customer_id)`);
    await q.query(`CREATE INDEX invoices_held_idx ON invoices (held_until) WHERE held`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'invoices',
      'invoice_counter',
      'order_ratings',
      'order_comments',
      'order_offers',
      'discount_redemptions',
      'orders',
      'order_series',
      'discount_codes',
      'catalog_prices',
      'catalog_items',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
