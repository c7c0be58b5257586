import { SERVICES } from '@offera/config';

/** The container entry point: runs the app named by APP (one image serves every service). */
const app = process.env.APP ?? '';
if (!(SERVICES as readonly string[]).includes(app)) {
  process.stderr.write(`APP must be one of ${SERVICES.join(', ')} (got "${app}")\n`);
  process.exit(1);
}
await import(`../apps/${app}/src/main.js`);
