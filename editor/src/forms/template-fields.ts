/**
 * A message body as a carrier template's variables: one `key=value` a line, as channels with templates
 * read it (a JSON object of text values is read too, for bodies written before). Other lines are kept
 * as they are.
 */

const LINE = /^\s*([A-Za-z_][A-Za-z0-9_]*|\d+)\s*=(.*)$/;

/** The JSON object body's values, or undefined when the body is not one. */
function jsonValues(body: string): Record<string, string> | undefined {
  if (!body.trim().startsWith('{')) return undefined;
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
    return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
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
