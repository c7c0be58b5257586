import type { EntityManager } from 'typeorm';

/**
 * The table in which each service keeps its erasure receipts, one per privacy request. A
 * receipt holds counts and legal bases, never personal data; it is what the service answered,
 * kept as its proof of having done its part.
 */
export function erasureReceiptsMigrationSql(): { up: string[]; down: string[] } {
  return {
    up: [
      `CREATE TABLE erasure_receipts (
         request_id uuid PRIMARY KEY,
         receipt jsonb NOT NULL,
         erased_at timestamptz NOT NULL DEFAULT now()
       )`,
    ],
    down: [`DROP TABLE erasure_receipts`],
  };
}

/**
 * Keeps `receipt` as the service's answer to the privacy request, in the caller's transaction
 * (the one that erased), and returns the receipt that is kept. The first run's receipt wins: a
 * job run again for the same request (redelivered after its answer was lost, or re-driven)
 * finds nothing left to erase, and must still answer with what was erased and withheld, not
 * with zero counts and no legal hold.
 */
export async function keepErasureReceipt<R extends object>(
  m: EntityManager,
  requestId: string,
  receipt: R,
): Promise<R> {
  // The no-op update makes RETURNING give the row already there, if there is one.
  const [kept] = await m.query<{ receipt: R }[]>(
    `INSERT INTO erasure_receipts (request_id, receipt) VALUES ($1, $2::jsonb)
     ON CONFLICT (request_id) DO UPDATE SET request_id = EXCLUDED.request_id
     RETURNING receipt`,
    [requestId, JSON.stringify(receipt)],
  );
  return kept.receipt;
}

/** The receipt kept for the privacy request, if this service has done its part already. */
export async function keptErasureReceipt<R extends object>(
  m: EntityManager,
  requestId: string,
): Promise<R | null> {
  const [kept] = await m.query<{ receipt: R }[]>(
    `SELECT receipt FROM erasure_receipts WHERE request_id = $1`,
    [requestId],
  );
  return kept?.receipt ?? null;
}

/**
 * Deletes the receipts older than the retention of data-subject request records
 * (`REQUEST_RECORD_RETENTION_YEARS`, as the privacy notice states it): a receipt is proof that
 * the request was handled, and is kept as long as the request record, not forever. Returns how
 * many were deleted. For each service's retention job.
 */
export async function deleteExpiredErasureReceipts(
  m: Pick<EntityManager, 'query'>,
  years: number,
  now: Date = new Date(),
): Promise<number> {
  const [, deleted] = await m.query<[unknown[], number]>(
    `DELETE FROM erasure_receipts WHERE erased_at < $1::timestamptz - make_interval(years => $2::int)`,
    [now, years],
  );
  return deleted;
}
