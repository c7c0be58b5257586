import { BaseRpcContext } from '@nestjs/microservices';
import type { Job } from 'bullmq';

type ContextArgs = [job: Job, childResults: Readonly<Record<string, unknown>>, maxAttempts: number];

/** The RPC context handlers receive with `@Ctx()`: the job, its attempt and a flow's child results. */
export class BullMqContext extends BaseRpcContext<ContextArgs> {
  get job(): Job {
    return this.args[0];
  }

  get messageId(): string {
    return this.args[0].id ?? '';
  }

  get messageName(): string {
    return this.args[0].name;
  }

  /** 1 on the first delivery. */
  get attempt(): number {
    return this.args[0].attemptsMade + 1;
  }

  get isFinalAttempt(): boolean {
    return this.attempt >= this.args[2];
  }

  /** For a flow's parent: each child's decrypted result, keyed by the child's queue name. */
  get childResults(): Readonly<Record<string, unknown>> {
    return this.args[1];
  }
}
