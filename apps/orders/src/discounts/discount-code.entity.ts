import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { DiscountCode } from '../pricing/discount-code.js';

@Entity({ name: 'discount_codes' })
export class DiscountCodeEntity {
  /** Stored upper-case; customers may type it in any case. */
  @PrimaryColumn({ type: 'text' })
  code: string;

  @Column({ type: 'jsonb' })
  definition: DiscountCode;

  @Column({ type: 'boolean' })
  active: boolean;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
