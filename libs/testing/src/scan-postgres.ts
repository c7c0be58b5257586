import { quoteIdent, withPgClient } from '@offera/database';

export interface PostgresHit {
  schema: string;
  table: string;
  column: string;
  needle: string;
}

interface TextColumn {
  table_schema: string;
  table_name: string;
  column_name: string;
  udt_name: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Every readable-text column (text, varchar, char, json, jsonb, citext and arrays of them) of
 * every table outside the system schemas searched for each needle, ignoring case; and every uuid
 * column (where a subject's id is kept) for the needles that are ids. Proves that personal data, and the subject's id, are
 * gone after an erasure, or never stored in clear.
 */
export async function scanPostgres(
  adminUrl: string,
  needles: string[],
  options: { readonly schemas?: readonly string[] } = {},
): Promise<PostgresHit[]> {
  const wanted = needles.filter((n) => n.length > 0);
  if (!wanted.length) return [];
  return withPgClient(adminUrl, async (client) => {
    const { rows: all } = await client.query<TextColumn>(
      `SELECT c.table_schema, c.table_name, c.column_name, c.udt_name
         FROM information_schema.columns c
         JOIN information_schema.tables t
           ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
        WHERE c.table_schema NOT IN ('pg_catalog', 'information_schema')
          AND c.table_schema NOT LIKE 'pg\\_%'
          AND (c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'uuid')
               OR c.udt_name IN ('citext', '_text', '_varchar', '_bpchar', '_json', '_jsonb', '_citext', '_uuid'))
        ORDER BY 1, 2, 3`,
    );
    // Optionally one service's schemas only (what that service alone must have left).
    const columns = options.schemas ? all.filter((c) => options.schemas?.includes(c.table_schema)) : all;
    const hits: PostgresHit[] = [];
    const ids = wanted.filter((n) => UUID.test(n));
    for (const col of columns) {
      // A uuid column holds ids only: searched for the needles that are ids (a short needle would
      // match random hex digits).
      const needles = col.udt_name === 'uuid' || col.udt_name === '_uuid' ? ids : wanted;
      if (!needles.length) continue;
      const table = `${quoteIdent(col.table_schema)}.${quoteIdent(col.table_name)}`;
      const { rows } = await client.query<{ needle: string }>(
        `SELECT n AS needle FROM unnest($1::text[]) AS n
          WHERE EXISTS (SELECT 1 FROM ${table} WHERE strpos(lower(${quoteIdent(col.column_name)}::text), lower(n)) > 0)`,
        [needles],
      );
      for (const { needle } of rows)
        hits.push({ schema: col.table_schema, table: col.table_name, column: col.column_name, needle });
    }
    return hits;
  });
}
