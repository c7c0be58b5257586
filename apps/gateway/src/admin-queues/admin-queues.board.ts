import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BullBoardFastifyAdapter } from '@bull-board/fastify';
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { QUEUES } from '@offera/contracts';
import { createRedis, redisConnectionConfig, quit } from '@offera/transport';
import { Queue } from 'bullmq';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { AccessTokens } from '../auth/access-tokens.js';
import type { GatewayConfig } from '../config.js';
import { checkBoardAccess, QUEUES_BASE_PATH } from './admin-queues.auth.js';

export const ADMIN_QUEUES_CONFIG = Symbol('ADMIN_QUEUES_CONFIG');

/**
 * bull-board over the four service queues, at `/admin/queues`, for admins only. Job data and
 * results are sealed (AES-GCM) before they reach Redis, so the board shows ciphertext, never
 * personal data.
 */
@Injectable()
export class AdminQueuesBoard implements OnModuleDestroy {
  private connection?: Redis;
  private queues: Queue[] = [];

  constructor(
    private readonly tokens: AccessTokens,
    @Inject(ADMIN_QUEUES_CONFIG) private readonly config: GatewayConfig,
  ) {}

  /** Registers the dashboard on the gateway's Fastify instance; call before `listen()`. */
  async mount(app: NestFastifyApplication): Promise<void> {
    const connection = createRedis(redisConnectionConfig(this.config), 'gateway-queue-board');
    this.connection = connection;
    this.queues = QUEUES.map((name) => new Queue(name, { connection, prefix: this.config.queuePrefix }));
    const serverAdapter = new BullBoardFastifyAdapter();
    serverAdapter.setBasePath(QUEUES_BASE_PATH);
    createBullBoard({
      queues: this.queues.map((q) => new BullMQAdapter(q)),
      serverAdapter,
      options: { uiConfig: { boardTitle: 'Offera queues' } },
    });
    const tokens = this.tokens;
    // An encapsulated scope: the access check covers the dashboard's routes and nothing else.
    await app.register(async (scope: FastifyInstance) => {
      scope.addHook('onRequest', async (request, reply) => {
        const access = await checkBoardAccess(tokens, {
          authorization: request.headers.authorization,
          cookie: request.headers.cookie,
        });
        if (!access.allowed) {
          await reply
            .status(access.statusCode)
            .send({ statusCode: access.statusCode, code: access.code, message: access.message });
        }
      });
      await scope.register(serverAdapter.registerPlugin(), { prefix: QUEUES_BASE_PATH });
    });
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.queues.map((q) => q.close()));
    this.queues = [];
    await quit(this.connection);
  }
}
