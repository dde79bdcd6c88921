import type { FormInstance } from 'antd';
import { ApiError } from '../api/client.ts';

/**
 * Shows a 400's issues on the form fields they name (the issue's path starts with the field, or with
 * `under` then the field when the form edits one object of the request, e.g. `values`); false when the
 * error names no field, for the caller to show it as a toast instead.
 *
 * @example
 * ```ts
 * catch (error) { if (!setApiFieldErrors(form, error, t('plans.invalid'))) fail(error); }
 * ```
 */
export function setApiFieldErrors(form: FormInstance, error: unknown, fallback: string, under?: string): boolean {
  const issues = error instanceof ApiError && error.status === 400 && Array.isArray(error.details) ? (error.details as { path?: unknown[]; message?: string }[]) : [];
  const fieldOf = (path: unknown[] | undefined) => (under === undefined ? path?.[0] : path?.[0] === under ? path[1] : undefined);
  const fields = issues.filter((i) => typeof fieldOf(i.path) === 'string');
  if (fields.length === 0) return false;
  form.setFields(fields.map((i) => ({ name: fieldOf(i.path) as string, errors: [i.message ?? fallback] })));
  return true;
}
