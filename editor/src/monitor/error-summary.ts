/**
 * What the UI shows of a run's or step's error: its first line (the message, never a stack trace),
 * cut at 300 characters.
 *
 * @example
 * ```ts
 * errorSummary('Error: refused 127.0.0.1\n    at call (webhook.ts:10)'); // "Error: refused 127.0.0.1"
 * ```
 */
export function errorSummary(error: string): string {
  const line = error.split('\n')[0]!.trim();
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}
