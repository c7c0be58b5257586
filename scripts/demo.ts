import { seedAdmin } from '../apps/customers/src/staff/seed-admin.js';
import { connectCustomersDatabase, customersDatabaseConfig } from './customers-database.js';
import { ApiClient } from './demo/api-client.js';
import { CUSTOMERS, DEMO_PASSWORD, PROVIDERS, STAFF } from './demo/demo-data.js';
import { DemoLoader } from './demo/demo-steps.js';

/**
 * `npm run demo` (development only): loads a fictional data set into the running system through
 * its public API, so a frontend developer can sign in at once, and prints the accounts. The one
 * thing not done over HTTP is the demo admin, created as `npm run seed-admin` creates the first
 * admin. Running it again reuses what is there.
 */
const say = (line: string) => process.stdout.write(`${line}\n`);
const stop = (message: string): never => {
  process.stderr.write(`demo: ${message}\n`);
  process.exit(1);
};

if (process.env.NODE_ENV === 'production')
  stop('NODE_ENV is production: the demo data set is for development only, and nothing was loaded.');

const apiUrl = (process.env.DEMO_API_URL || `http://127.0.0.1:${process.env.GATEWAY_PORT || 3000}`).replace(
  /\/$/,
  '',
);
const api = new ApiClient(apiUrl, say);
try {
  await api.get('/catalog');
} catch {
  stop(
    `the system does not answer at ${apiUrl} (GATEWAY_PORT, or DEMO_API_URL): start it with npm start in another terminal, then run npm run demo again.`,
  );
}

try {
  const admin = STAFF.find((s) => s.role === 'admin')!;
  const client = await connectCustomersDatabase(customersDatabaseConfig(process.env));
  try {
    const outcome = await seedAdmin(client, {
      email: admin.email,
      password: DEMO_PASSWORD,
      firstName: admin.firstName,
      lastName: admin.lastName,
    });
    say(
      `Demo data for ${apiUrl}\n  admin ${admin.email}: ${outcome === 'created' ? 'created' : 'exists, reused'}`,
    );
  } finally {
    await client.end();
  }
  const demo = new DemoLoader(api, say);
  await demo.signIn(admin);
  await demo.staffAndProviders();
  say('Catalogue:');
  await demo.catalogue();
  say('Customers:');
  await demo.customers();
  say('Orders:');
  await demo.orders();
  await demo.series();
  say('Privacy requests:');
  await demo.privacyRequests();

  say(
    `\nSign in (POST ${apiUrl}/api/v1/auth/login) with any of these; the password of each is ${DEMO_PASSWORD}`,
  );
  for (const s of STAFF) say(`  ${s.role.padEnd(10)} ${s.email}`);
  for (const p of PROVIDERS) say(`  ${'provider'.padEnd(10)} ${p.email}`);
  for (const c of CUSTOMERS) say(`  ${'customer'.padEnd(10)} ${c.email}`);
  say(`API documentation: ${apiUrl}/api/docs`);
  say(`Queue dashboard (admin): ${apiUrl}/admin/queues`);
  say('Email and SMS the system sent: .dev-outbox/ (under npm start)');
  process.exit(0);
} catch (error) {
  stop(`failed: ${error instanceof Error ? error.message : String(error)}`);
}
