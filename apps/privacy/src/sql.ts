/**
 * Numbered, typed parameters for a hand-written statement: `p.add(value, 'uuid')` → `$3::uuid`.
 * Hand-written where one statement does what TypeORM would send as several round trips.
 */
export class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown, type: string): string {
    this.values.push(value);
    return `$${this.values.length}::${type}`;
  }
}

/** A column of `insertRows`: its name and Postgres type. */
export type SqlColumn = readonly [name: string, type: string];

/**
 * `INSERT INTO table (…) SELECT …` of the rows, in their order (identity ids follow it), and
 * only if `when` holds (e.g. that a guarded update in the same statement changed its row).
 */
export function insertRows(
  table: string,
  columns: readonly SqlColumn[],
  rows: readonly (readonly unknown[])[],
  params: SqlParams,
  when = 'true',
): string {
  const values = rows.map(
    (row, i) => `(${i}, ${columns.map(([, type], c) => params.add(row[c], type)).join(', ')})`,
  );
  const names = columns.map(([name]) => name).join(', ');
  return (
    `INSERT INTO ${table} (${names}) SELECT ${names} FROM (VALUES ${values.join(', ')}) ` +
    `AS v(i, ${names}) WHERE ${when} ORDER BY i`
  );
}
