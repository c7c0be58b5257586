import 'reflect-metadata';
import { runMain, serviceLogger } from '@offera/runtime';
import { loadGatewayConfig } from './config.js';
import { createGatewayApp } from './gateway.app.js';

runMain(async () => {
  const config = loadGatewayConfig();
  const app = await createGatewayApp(config, serviceLogger('gateway', config.logLevel));
  await app.listen(config.port, '0.0.0.0');
  return { app, shutdownTimeoutMs: config.shutdownTimeoutMs };
});
