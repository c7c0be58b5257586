import { Injectable } from '@nestjs/common';

/**
 * Whether the app has begun shutting down. From then on `/health/ready` answers 503, so the
 * load balancer and Kubernetes stop sending it work while it drains what it has.
 */
@Injectable()
export class ShutdownState {
  private begun = false;

  begin(): void {
    this.begun = true;
  }

  get stopping(): boolean {
    return this.begun;
  }
}
