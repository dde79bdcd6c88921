import { PermanentDeliveryError } from './define-plugin.ts';

/**
 * The variables of a carrier's approved template (an SMS template, a WeChat template message) as a
 * message body holds them: JSON — an object by name (`{"code":"{{offer.code}}"}`) or an array in order
 * (`["{{offer.code}}"]`) — or one `name=value` a line (`code={{offer.code}}`; by position: `1=…`), which
 * takes any value as it is (a rendered name with a `"` breaks JSON). An empty body is a template without
 * variables. Free text is refused with `PermanentDeliveryError`: no carrier sends it as a template.
 *
 * @example parseTemplateVariables('{"code":"8848"}') // { code: '8848' }
 * @example parseTemplateVariables('name=王"小"明\ncode=8848') // { name: '王"小"明', code: '8848' }
 */
export function parseTemplateVariables(body: string): Record<string, string> | string[] {
  const trimmed = body.trim();
  if (trimmed === '') return {};
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return lineVariables(trimmed);
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    throw new PermanentDeliveryError('The message body is its template’s variables as JSON, such as {"code":"{{offer.code}}"}: free text cannot be sent');
  }
  const scalar = (v: unknown) => typeof v === 'string' || typeof v === 'number';
  if (Array.isArray(parsed) && parsed.every(scalar)) return parsed.map(String);
  if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) && Object.values(parsed).every(scalar)) {
    return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, String(v)]));
  }
  throw new PermanentDeliveryError('The message body is a JSON object (or array) of text values: the template’s variables');
}

function lineVariables(body: string): Record<string, string> {
  const variables: Record<string, string> = {};
  for (const line of body.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    const match = /^\s*([A-Za-z_][A-Za-z0-9_.]*|\d+)\s*=(.*)$/.exec(line);
    if (!match) {
      throw new PermanentDeliveryError('The message body is its template’s variables, as JSON such as {"code":"{{offer.code}}"} or one name=value a line: free text cannot be sent');
    }
    variables[match[1]!] = match[2]!.trim();
  }
  return variables;
}
