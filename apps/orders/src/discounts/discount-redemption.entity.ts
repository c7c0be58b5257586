import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One use of a discount code by an order; counted against the code's limits. */
@Entity({ name: 'discount_redemptions' })
export class DiscountRedemptionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  code: string;

  @Column({ name: 'customer_id', type: 'uuid' })
  customerId: string;

  @Column({ name: 'order_id', type: 'uuid' })
  orderId: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
