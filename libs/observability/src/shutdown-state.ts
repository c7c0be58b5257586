import { Injectable } from '@nestjs/common';

/**
 * Whether the app has begun shutting down. From then on `/health/ready` answers 503, so the
 * load balancer and Kubernetes stop sending it work while it drains what it has.
 */
@Injectable()
export class ShutdownState {
  private stoppingSince?: Date;

  begin(): void {
    this.stoppingSince ??= new Date();
  }

  get stopping(): boolean {
    return this.stoppingSince !== undefined;
  }
}
