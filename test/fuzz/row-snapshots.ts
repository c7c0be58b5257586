import { connectPg, type PgClient, quoteIdent, quoteLiteral } from '@offera/database';

/** Every table's row count and an order-independent checksum of its rows, by `schema.table`. */
export type Snapshot = ReadonlyMap<string, string>;

/**
 * Snapshots every row of the services' schemas in one query, to prove that requests which
 * were refused changed nothing. One superuser connection, kept open between snapshots.
 */
export class RowSnapshots {
  private constructor(
    private readonly client: PgClient,
    private readonly query: string,
    readonly tables: readonly string[],
  ) {}

  static async open(adminUrl: string, schemas: readonly string[]): Promise<RowSnapshots> {
    const client = await connectPg(adminUrl);
    const { rows } = await client.query<{ schema: string; name: string }>(
      `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
        WHERE table_type = 'BASE TABLE' AND table_schema = ANY($1) ORDER BY 1, 2`,
      [schemas],
    );
    const parts = rows.map(({ schema, name }) => {
      const table = `${quoteIdent(schema)}.${quoteIdent(name)}`;
      return `SELECT ${quoteLiteral(`${schema}.${name}`)} AS t, count(*) || ':' ||
        coalesce(md5(string_agg(md5(x::text), '' ORDER BY md5(x::text))), '') AS v FROM ${table} x`;
    });
    return new RowSnapshots(
      client,
      parts.join(' UNION ALL '),
      rows.map((r) => `${r.schema}.${r.name}`),
    );
  }

  async take(): Promise<Snapshot> {
    const { rows } = await this.client.query<{ t: string; v: string }>(this.query);
    return new Map(rows.map((r) => [r.t, r.v]));
  }

  close(): Promise<void> {
    return this.client.end();
  }
}

/** Tables whose rows differ between two snapshots. */
export function changedTables(before: Snapshot, after: Snapshot): string[] {
  return [...after.keys()].filter((t) => before.get(t) !== after.get(t));
}
