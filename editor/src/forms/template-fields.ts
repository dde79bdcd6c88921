/**
 * A message body as a carrier template's variables, as the form edits it: one `key=value` a line (a JSON
 * body, written before, is read too and becomes lines once edited). Other lines are kept as they are.
 */

import { parseTemplateVariables } from '@journey/nodes';

/** A `key=value` line, with the keys the server reads (`parseTemplateVariables`). */
const LINE = /^\s*([A-Za-z_][A-Za-z0-9_.]*|\d+)\s*=(.*)$/;

/** The JSON body's values (an array's by position, `1`, `2`, …), or undefined when the body is not JSON the server reads. */
function jsonValues(body: string): Record<string, string> | undefined {
  if (!/^\s*[[{]/.test(body)) return undefined;
  try {
    const values = parseTemplateVariables(body);
    return Array.isArray(values) ? Object.fromEntries(values.map((v, i) => [String(i + 1), v])) : values;
  } catch {
    return undefined;
  }
}

/**
 * The value of each variable the body sets.
 *
 * @example fieldValues('code=8848\nname={{contact.name}}') // { code: '8848', name: '{{contact.name}}' }
 */
export function fieldValues(body: string): Record<string, string> {
  const json = jsonValues(body);
  if (json) return json;
  const values: Record<string, string> = {};
  for (const line of body.split(/\r?\n/)) {
    const match = LINE.exec(line);
    if (match) values[match[1]!] = match[2]!.trim();
  }
  return values;
}

/**
 * The body with `key` set to `value`: its line replaced, or added after the others. A JSON object body
 * becomes `key=value` lines first.
 *
 * @example withFieldValue('code=1\nsee you', 'code', '8848') // "code=8848\nsee you"
 */
export function withFieldValue(body: string, key: string, value: string): string {
  const json = jsonValues(body);
  const lines = json ? Object.entries(json).map(([k, v]) => `${k}=${v}`) : body === '' ? [] : body.split(/\r?\n/);
  const line = `${key}=${value.replace(/\r?\n/g, ' ')}`;
  const at = lines.findIndex((l) => LINE.exec(l)?.[1] === key);
  if (at >= 0) lines[at] = line;
  else lines.push(line);
  return lines.join('\n');
}

/**
 * The body for a template just picked: a `key=` line for each of its variables the body does not set yet.
 *
 * @example withFields('', ['code', 'name']) // "code=\nname="
 */
export function withFields(body: string, keys: readonly string[]): string {
  const set = fieldValues(body);
  return keys.reduce((text, key) => (key in set ? text : withFieldValue(text, key, '')), body);
}
