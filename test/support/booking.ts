import { DateTime } from 'luxon';
import request from 'supertest';
import { bearer, type Registered } from './api.js';

/** Now in Helsinki, where visits are booked. */
export const helsinki = (): DateTime => DateTime.now().setZone('Europe/Helsinki');

/** A visit start `days` ahead at `hour` o'clock, Helsinki time, as ISO. */
export const inDays = (days: number, hour = 9): string =>
  helsinki().plus({ days }).set({ hour, minute: 0, second: 0, millisecond: 0 }).toISO() ?? '';

/** A visit start `hours` ahead (whole minute), Helsinki time, as ISO. */
export const inHours = (hours: number): string =>
  helsinki().plus({ hours }).set({ second: 0, millisecond: 0 }).toISO() ?? '';

/** A visit start `minutes` ahead (whole minute), Helsinki time, as ISO: soon enough to be started now. */
export const inMinutes = (minutes: number): string =>
  helsinki().plus({ minutes }).set({ second: 0, millisecond: 0 }).toISO() ?? '';

/** Places an order as the customer; answers its id. */
export async function placeOrder(url: string, c: Registered, body: object): Promise<string> {
  const res = await request(url).post('/api/v1/orders').set(bearer(c.accessToken)).send(body).expect(201);
  return (res.body as { id: string }).id;
}

/** An operator offers the order to these providers. */
export const offerOrder = (url: string, operator: string, orderId: string, providerIds: string[]) =>
  request(url)
    .post(`/api/v1/admin/orders/${orderId}/offer`)
    .set(bearer(operator))
    .send({ providerIds })
    .expect(200);

/** The provider's open offers of this order. */
export async function openOfferIds(url: string, provider: string, orderId: string): Promise<string[]> {
  const res = await request(url).get('/api/v1/provider/offers').set(bearer(provider)).expect(200);
  return (res.body as { offerId: string; order: { id: string } }[])
    .filter((o) => o.order.id === orderId)
    .map((o) => o.offerId);
}

/** A recurring series' visits (its orders) in order, each with its original date in Helsinki. */
export const seriesVisits = (
  system: { sql<R extends object>(text: string, params?: unknown[]): Promise<R[]> },
  seriesId: string,
) =>
  system.sql<{ id: string; status: string; date: string }>(
    `SELECT id, status, to_char(series_original_start AT TIME ZONE 'Europe/Helsinki', 'YYYY-MM-DD') AS date
       FROM orders.orders WHERE series_id = $1 ORDER BY series_original_start`,
    [seriesId],
  );

/** Creates a weekly (or `rule`) series as the customer from a one-off order's body; answers its id. */
export async function createSeries(
  url: string,
  c: Registered,
  orderBody: object,
  start: string = inDays(3).slice(0, 16),
  rule: object = { kind: 'weekly' },
): Promise<string> {
  const res = await request(url)
    .post('/api/v1/order-series')
    .set(bearer(c.accessToken))
    .send({ ...orderBody, startsAt: undefined, frequency: undefined, rule, start })
    .expect(201);
  return (res.body as { id: string }).id;
}
