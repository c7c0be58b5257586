import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { CatalogItemKind, VatCode } from '@offera/contracts';

/** Add-on pricing as stored in `pricing`. */
export interface AddOnPricing {
  readonly priceCents: number;
  readonly minutes: number;
}

/** One price of an item, in force from `validFrom` until the item's next price. Never edited. */
@Entity({ name: 'catalog_prices' })
export class CatalogPriceEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  kind: CatalogItemKind;

  @Column({ type: 'text' })
  code: string;

  @Column({ name: 'valid_from', type: 'timestamptz' })
  validFrom: Date;

  @Column({ type: 'jsonb' })
  pricing: unknown;

  @Column({ name: 'vat_code', type: 'text' })
  vatCode: VatCode;

  @Column({ name: 'work_share_bp', type: 'integer' })
  workShareBp: number;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
