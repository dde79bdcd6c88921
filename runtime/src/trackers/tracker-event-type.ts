import { KEY_PATTERN } from '@journey/nodes';

/**
 * The product's event type for a tracker's event name. A name that already is one (`order.paid`,
 * `ViewProduct`) stays as it is; otherwise each run of characters outside `KEY_PATTERN` (spaces, `$`,
 * `/`, CJK …) becomes one `_` and `_` at either end is dropped: `Order Completed` → `Order_Completed`,
 * Sensors Data's `$pageview` → `pageview`. Undefined when nothing is left or the result is too long.
 *
 * @example
 * ```ts
 * trackerEventType('Order Completed'); // 'Order_Completed'
 * ```
 */
export function trackerEventType(name: string): string | undefined {
  const trimmed = name.trim();
  if (KEY_PATTERN.test(trimmed)) return trimmed;
  const replaced = trimmed.replace(/[^A-Za-z0-9_.:-]+/g, '_').replace(/^_+|_+$/g, '');
  return KEY_PATTERN.test(replaced) ? replaced : undefined;
}
