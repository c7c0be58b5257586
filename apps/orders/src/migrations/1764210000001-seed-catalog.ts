import type { MigrationInterface, QueryRunner } from 'typeorm';

const FROM = '2024-01-01T00:00:00+02:00';

const ITEMS: readonly [kind: 'service' | 'add_on', code: string, fi: string, en: string, pricing: object][] =
  [
    ['service', 'kotisiivous', 'Kotisiivous', 'Home cleaning', { kind: 'hourly', centsPerHour: 4990 }],
    [
      'service',
      'muuttosiivous',
      'Muuttosiivous',
      'Move-out cleaning',
      {
        kind: 'area_band',
        bands: [
          { upToM2: 40, priceCents: 24900, minutes: 240 },
          { upToM2: 60, priceCents: 29900, minutes: 300 },
          { upToM2: 80, priceCents: 36900, minutes: 360 },
          { upToM2: 100, priceCents: 42900, minutes: 420 },
          { upToM2: null, priceCents: 52900, minutes: 540 },
        ],
      },
    ],
    [
      'service',
      'ikkunanpesu',
      'Ikkunanpesu',
      'Window washing',
      { kind: 'fixed', priceCents: 15900, minutes: 180 },
    ],
    ['add_on', 'uuni', 'Uunin puhdistus', 'Oven cleaning', { priceCents: 3900, minutes: 45 }],
    ['add_on', 'jaakaappi', 'Jääkaapin puhdistus', 'Fridge cleaning', { priceCents: 2900, minutes: 30 }],
    ['add_on', 'parveke', 'Parvekkeen siivous', 'Balcony cleaning', { priceCents: 4900, minutes: 45 }],
  ];

/** The Finnish catalogue the company starts with; all of it is work for the household deduction. */
export class SeedCatalog1764210000001 implements MigrationInterface {
  name = 'SeedCatalog1764210000001';

  async up(q: QueryRunner): Promise<void> {
    for (const [i, [kind, code, fi, en, pricing]] of ITEMS.entries()) {
      await q.query(
        `INSERT INTO catalog_items (kind, code, name_fi, name_en, sort_order) VALUES ($1, $2, $3, $4, $5)`,
        [kind, code, fi, en, i],
      );
      await q.query(
        `INSERT INTO catalog_prices (kind, code, valid_from, pricing, vat_code, work_share_bp)
         VALUES ($1, $2, $3, $4, 'general', 10000)`,
        [kind, code, FROM, JSON.stringify(pricing)],
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    const codes = ITEMS.map(([, code]) => code);
    await q.query(`DELETE FROM catalog_prices WHERE code = ANY($1)`, [codes]);
    await q.query(`DELETE FROM catalog_items WHERE code = ANY($1)`, [codes]);
  }
}
