/** RFC 4180 CSV: a header row of every field any record has, in first-seen order; CRLF line ends. */
export function toCsv(rows: readonly unknown[]): string {
  const records = rows.map((r) => (r && typeof r === 'object' && !Array.isArray(r) ? r : { value: r }));
  const columns: string[] = [];
  for (const record of records)
    for (const key of Object.keys(record)) if (!columns.includes(key)) columns.push(key);
  if (columns.length === 0) return '';
  const lines = [columns.map(cell), ...records.map((r) => columns.map((c) => cell(field(r, c))))];
  return `${lines.map((l) => l.join(',')).join('\r\n')}\r\n`;
}

function field(record: object, column: string): unknown {
  return Object.hasOwn(record, column) ? (record as Record<string, unknown>)[column] : undefined;
}

/** Nested values (an address, a list of add-ons) as JSON; a missing value as an empty cell. */
function cell(value: unknown): string {
  let text: string;
  if (value === null || value === undefined) text = '';
  else if (typeof value === 'string') text = value;
  else if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    text = value.toString();
  else if (value instanceof Date) text = value.toISOString();
  else text = JSON.stringify(value) ?? '';
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
