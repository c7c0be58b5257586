import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CatalogItemKind } from '@offera/contracts';

/** A service or add-on in the catalogue; its prices are effective-dated rows in catalog_prices. */
@Entity({ name: 'catalog_items' })
export class CatalogItemEntity {
  @PrimaryColumn({ type: 'text' })
  kind: CatalogItemKind;

  @PrimaryColumn({ type: 'text' })
  code: string;

  @Column({ name: 'name_fi', type: 'text' })
  nameFi: string;

  @Column({ name: 'name_en', type: 'text' })
  nameEn: string;

  @Column({ type: 'boolean' })
  active: boolean;

  @Column({ name: 'sort_order', type: 'integer' })
  sortOrder: number;
}
