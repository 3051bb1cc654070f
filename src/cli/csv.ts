// CSV text for spreadsheets and scripts: RFC 4180 quoting, numbers written with full
// precision so a value read back is the value computed.

export type CsvCell = number | string | boolean | null | undefined;

function cellText(cell: CsvCell): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'number') return Number.isNaN(cell) ? 'NaN' : String(cell);
  const text = String(cell);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One header line and one line per row; every row must have one cell per column. */
export function toCsv(columns: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  const lines = [columns.map(cellText).join(',')];
  rows.forEach((row, index) => {
    if (row.length !== columns.length) {
      throw new Error(`CSV row ${index + 1} has ${row.length} cells but there are ${columns.length} columns`);
    }
    lines.push(row.map(cellText).join(','));
  });
  return `${lines.join('\n')}\n`;
}

/** Rows from objects, taking the named properties in order; a missing property is an empty cell. */
export function recordsToCsv<T extends object>(columns: readonly (keyof T & string)[], records: readonly T[]): string {
  return toCsv(columns, records.map((record) => columns.map((column) => record[column] as CsvCell)));
}
