import { randomUUID } from 'node:crypto';
import type { LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { OBSERVABILITY_ROUTES } from '@offera/observability';
import type { GatewayConfig } from './config.js';
import { AdminQueuesBoard } from './admin-queues/admin-queues.board.js';
import { GatewayModule } from './gateway.module.js';
import { AllExceptionsFilter } from './http/all-exceptions.filter.js';
import { ApiValidationPipe } from './http/api-validation.pipe.js';
import { registerInputChecks } from './http/input-checks.js';
import { registerSecurityHeaders } from './http/security-headers.js';

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** The HTTP edge: Fastify, `/api/v1`, strict validation, one error shape, OpenAPI, security headers. */
export async function createGatewayApp(
  config: GatewayConfig,
  logger: LoggerService | false,
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    trustProxy: config.trustProxy,
    // Every body is a small JSON object; a larger one is refused with 413 before it is parsed.
    bodyLimit: 64 * 1024,
    // Keep a caller's request id when it looks like one, so traces join up; otherwise make one.
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(GatewayModule.forRoot(config), adapter, {
    logger,
    abortOnError: false,
    // The only body parser is ours (registerInputChecks): JSON objects, checked.
    bodyParser: false,
  });
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onSend', (req, reply, payload, done) => {
    void reply.header('x-request-id', req.id);
    done(null, payload);
  });
  registerSecurityHeaders(fastify);
  registerInputChecks(fastify);
  await app.get(AdminQueuesBoard).mount(app);
  // The unsubscribe link of marketing messages is a page for people, outside the API.
  app.setGlobalPrefix('api/v1', { exclude: [...OBSERVABILITY_ROUTES, 'unsubscribe'] });
  app.useGlobalPipes(new ApiValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter());
  app.enableShutdownHooks();

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Offera API')
      .setDescription('Home-cleaning orders, customer accounts and data-subject rights')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  return app;
}
