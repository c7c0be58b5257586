import { DateTime } from 'luxon';
import { ApiError, type ApiClient } from './api-client.js';
import {
  CUSTOMERS,
  DEMO_PASSWORD,
  ORDERS,
  PRIVACY_REQUESTS,
  PROVIDERS,
  SERIES,
  STAFF,
  type DemoCustomer,
  type DemoOrder,
  type DemoPerson,
} from './demo-data.js';

/**
 * Loads the demo data set through the public API, as the booking site, the provider app and
 * the back office would. Each step first looks for what an earlier run made (accounts by email,
 * orders by the marker in their extra information, series and privacy requests by customer and
 * type) and reuses it, so running the demo again leaves one copy.
 */
export interface Session {
  readonly id: string;
  readonly token: string;
}

interface OrderView {
  readonly id: string;
  readonly status: string;
  readonly extraInfo: string | null;
  readonly totalCents: number;
}

const HOW_LONG_AN_OFFER_TAKES_MS = 15_000;

/** A visit `days` ahead at `hour` in Helsinki, as the booking site sends it. */
const visitAt = (days: number, hour = 9): string =>
  DateTime.now()
    .setZone('Europe/Helsinki')
    .plus({ days })
    .toFormat(`yyyy-MM-dd'T'${String(hour).padStart(2, '0')}:00`);

/**
 * A visit that starts in half an hour: a provider may start a visit only shortly before its slot,
 * so the demo's completed visits are today's.
 */
const soon = (): string =>
  DateTime.now().setZone('Europe/Helsinki').plus({ minutes: 30 }).toFormat(`yyyy-MM-dd'T'HH:mm`);

export class DemoLoader {
  readonly sessions = new Map<string, Session>();
  readonly summary: string[] = [];

  constructor(
    private readonly api: ApiClient,
    private readonly say: (line: string) => void,
  ) {}

  private session(key: string): Session {
    const s = this.sessions.get(key);
    if (!s) throw new Error(`no demo session for ${key}`);
    return s;
  }

  async signIn(person: DemoPerson): Promise<Session> {
    let tokens: { accessToken: string };
    try {
      tokens = await this.api.post<{ accessToken: string }>('/auth/login', {
        email: person.email,
        password: DEMO_PASSWORD,
      });
    } catch (error) {
      if (error instanceof ApiError && error.status === 401)
        throw new Error(
          `the demo account ${person.email} exists but no longer takes the demo password; change it back or remove the account`,
          { cause: error },
        );
      throw error;
    }
    const account = await this.api.get<{ id: string }>('/account', tokens.accessToken);
    const session = { id: account.id, token: tokens.accessToken };
    this.sessions.set(person.key, session);
    return session;
  }

  /** Signs in, or answers null when the account does not exist (or takes another password). */
  private async trySignIn(person: DemoPerson): Promise<Session | null> {
    try {
      return await this.signIn(person);
    } catch (error) {
      if (error instanceof Error && error.cause instanceof ApiError) return null;
      throw error;
    }
  }

  /** Staff and providers, created by the admin; an existing one is signed in to instead. */
  async staffAndProviders(): Promise<void> {
    const admin = this.session('admin');
    for (const p of [...STAFF.filter((s) => s.role !== 'admin'), ...PROVIDERS]) {
      const role = 'role' in p ? p.role : 'provider';
      const made = await this.createOnce(() =>
        this.api.post(
          '/admin/accounts',
          {
            role,
            email: p.email,
            password: DEMO_PASSWORD,
            firstName: p.firstName,
            lastName: p.lastName,
            ...('provider' in p ? { provider: p.provider } : {}),
          },
          admin.token,
        ),
      );
      await this.signIn(p);
      this.say(`  ${role} ${p.email}: ${made ? 'created' : 'exists, reused'}`);
    }
  }

  /** Runs `create`; a 409 (it exists already) answers false. */
  private async createOnce(create: () => Promise<unknown>): Promise<boolean> {
    try {
      await create();
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) return false;
      throw error;
    }
  }

  async catalogue(): Promise<void> {
    const admin = this.session('admin');
    const made = await this.createOnce(() =>
      this.api.post(
        '/admin/discount-codes',
        {
          code: 'DEMO10',
          kind: 'percent',
          percentBp: 1000,
          appliesTo: ['one_off', 'recurring'],
          newCustomersOnly: false,
        },
        admin.token,
      ),
    );
    this.say(`  discount code DEMO10 (10 %): ${made ? 'created' : 'exists'}`);
    const catalog = await this.api.get<{
      services: { code: string; name: { fi: string }; pricing: { kind: string } }[];
      addOns: { code: string; name: { fi: string } }[];
    }>('/catalog');
    for (const s of catalog.services)
      this.say(`  service ${s.code} (${s.name.fi}), priced ${s.pricing.kind}`);
    this.say(`  add-ons: ${catalog.addOns.map((a) => `${a.code} (${a.name.fi})`).join(', ')}`);
  }

  async customers(): Promise<void> {
    for (const c of CUSTOMERS) {
      // Signing in first spares the sign-in rate limit on a second run.
      let session = await this.trySignIn(c);
      const made = !session;
      if (!session) {
        await this.createOnce(() =>
          this.api.post('/auth/register', {
            firstName: c.firstName,
            lastName: c.lastName,
            email: c.email,
            password: DEMO_PASSWORD,
          }),
        );
        session = await this.signIn(c);
      }
      const addresses = await this.api.get<unknown[]>('/me/addresses', session.token);
      if (!addresses.length)
        await this.api.post('/me/addresses', { ...c.home, country: 'FI' }, session.token);
      this.say(`  customer ${c.email}: ${made ? 'registered' : 'exists, reused'}, home ${c.home.city}`);
    }
  }

  async orders(): Promise<void> {
    for (const order of ORDERS) {
      const customer = CUSTOMERS.find((c) => c.key === order.customer)!;
      const session = this.session(customer.key);
      const page = await this.api.get<{ items: OrderView[] }>('/orders?pageSize=100', session.token);
      const existing = page.items.find((o) => o.extraInfo?.startsWith(`${order.marker}:`));
      if (existing) {
        this.say(`  ${order.marker} (${customer.firstName}): exists, ${existing.status}, id ${existing.id}`);
        continue;
      }
      const placed = await this.place(order, customer, session);
      const status = await this.drive(order, placed.id, session);
      this.say(
        `  ${order.marker} (${customer.firstName}): ${status}, ${(placed.totalCents / 100).toFixed(2)} €, id ${placed.id}`,
      );
    }
  }

  private place(order: DemoOrder, customer: DemoCustomer, session: Session): Promise<OrderView> {
    return this.api.post<OrderView>(
      '/orders',
      {
        address: customer.home,
        ...order.body,
        startsAt: order.outcome === 'completed' ? soon() : visitAt(order.daysAhead),
        frequency: 'one_off',
        extraInfo: `${order.marker}: esimerkkitilaus, ei oikea asiakas`,
      },
      session.token,
    );
  }

  /** Takes a placed order to its demo outcome; answers its status. */
  private async drive(order: DemoOrder, orderId: string, customer: Session): Promise<string> {
    if (order.outcome === 'requested') return 'requested';
    if (order.outcome === 'cancelled')
      return (await this.api.post<OrderView>(`/orders/${orderId}/cancel`, {}, customer.token)).status;
    const provider = this.session(order.provider!);
    const offerId = await this.offerFor(orderId, provider);
    await this.api.post(`/provider/offers/${offerId}/accept`, {}, provider.token);
    if (order.outcome === 'assigned') return 'assigned';
    await this.api.post(`/provider/orders/${orderId}/start`, {}, provider.token);
    await this.api.post(`/provider/orders/${orderId}/complete`, {}, provider.token);
    await this.api.post(
      `/orders/${orderId}/rating`,
      { rating: 5, comment: 'Siistiä jälkeä (esimerkki)' },
      customer.token,
    );
    return 'completed, invoiced and rated';
  }

  /**
   * The provider's offer of the order: placing it offers it to the providers of its area by
   * itself; if that has not happened in a while, the operator offers it to this one.
   */
  private async offerFor(orderId: string, provider: Session): Promise<string> {
    const find = async () =>
      (
        await this.api.get<{ offerId: string; order: { id: string } }[]>('/provider/offers', provider.token)
      ).find((o) => o.order.id === orderId)?.offerId;
    const deadline = Date.now() + HOW_LONG_AN_OFFER_TAKES_MS;
    let offered = false;
    for (;;) {
      const id = await find();
      if (id) return id;
      if (Date.now() > deadline) {
        if (offered) throw new Error(`order ${orderId} was offered but the provider never saw the offer`);
        await this.api.post(
          `/admin/orders/${orderId}/offer`,
          { providerIds: [provider.id] },
          this.session('operaattori').token,
        );
        offered = true;
        continue;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  async series(): Promise<void> {
    const customer = CUSTOMERS.find((c) => c.key === SERIES.customer)!;
    const session = this.session(customer.key);
    const existing = await this.api.get<{ id: string }[]>('/order-series', session.token);
    if (existing.length) {
      this.say(`  recurring cleaning (${customer.firstName}): exists`);
      return;
    }
    const nextMonday = DateTime.now().setZone('Europe/Helsinki').plus({ weeks: 1 }).startOf('week');
    await this.api.post(
      '/order-series',
      {
        ...SERIES.body,
        address: customer.home,
        rule: SERIES.rule,
        start: nextMonday.toFormat("yyyy-MM-dd'T'09:00"),
      },
      session.token,
    );
    this.say(`  recurring cleaning every second week (${customer.firstName}): created`);
  }

  async privacyRequests(): Promise<void> {
    const dpo = this.session('tietosuoja');
    const operator = this.session('operaattori');
    type Request = { id: string; subjectId: string | null; type: string; status: string };
    const known = await this.api.get<Request[]>('/admin/privacy/requests?limit=500', dpo.token);
    for (const r of PRIVACY_REQUESTS) {
      const customer = this.session(r.customer);
      const found = known.find((k) => k.subjectId === customer.id && k.type === r.type);
      const request =
        found ??
        (r.via === 'customer'
          ? await this.api.post<Request>(
              '/privacy/requests',
              { type: r.type, ...(r.fields ? { fields: r.fields } : {}) },
              customer.token,
            )
          : await this.api.post<Request>(
              '/admin/privacy/requests',
              { type: r.type, subjectId: customer.id, verification: r.verification },
              operator.token,
            ));
      const who = `${r.customer.split('.')[0]}, ${r.via === 'customer' ? 'signed in' : 'by letter'}`;
      this.say(`  ${r.type} (${who}): ${found ? 'exists, ' : ''}${request.status}, id ${request.id}`);
    }
  }
}
