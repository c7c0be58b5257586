import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Failed sign-ins counted for one key: `email:<HMAC of the email>` or `ip:<HMAC of the IP>`. */
@Entity({ name: 'login_throttles' })
export class LoginThrottleEntity {
  @PrimaryColumn({ type: 'text' })
  key: string;

  @Column({ type: 'integer' })
  failures: number;

  @Column({ name: 'window_started_at', type: 'timestamptz' })
  windowStartedAt: Date;

  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true })
  lockedUntil: Date | null;
}
