import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type IpContext = 'registration' | 'login' | 'order';

/** An IP address seen for an account (the notice lists it); purged after its retention period. */
@Entity({ name: 'ip_addresses' })
export class IpAddressEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'account_id', type: 'uuid' })
  accountId: string;

  @Column({ type: 'inet' })
  ip: string;

  @Column({ type: 'text' })
  context: IpContext;

  @Column({ name: 'seen_at', type: 'timestamptz' })
  seenAt: Date;
}
