/** A byte-order mark: Excel reads a CSV as UTF-8 (and shows Chinese) only when the file starts with it. */
const BOM = '\uFEFF';

function cell(value: string | number | null): string {
  const text = value === null ? '' : String(value);
  return /[",\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * A CSV document (RFC 4180, CRLF line ends) of a header and rows, UTF-8 with a byte-order mark.
 *
 * @example toCsv(['渠道', '投入'], [['抖音直播', 300]]) // "\uFEFF渠道,投入\r\n抖音直播,300\r\n"
 */
export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | null)[])[]): string {
  return BOM + [header, ...rows].map((row) => row.map(cell).join(',') + '\r\n').join('');
}

/** Has the browser download `toCsv(header, rows)` as `fileName`. */
export function downloadCsv(fileName: string, header: readonly string[], rows: readonly (readonly (string | number | null)[])[]): void {
  const url = URL.createObjectURL(new Blob([toCsv(header, rows)], { type: 'text/csv;charset=utf-8' }));
  const link = Object.assign(document.createElement('a'), { href: url, download: fileName });
  link.click();
  URL.revokeObjectURL(url);
}
