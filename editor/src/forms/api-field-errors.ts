import type { FormInstance } from 'antd';
import { ApiError } from '../api/client.ts';

/**
 * Shows a 400's issues on the form fields they name (the issue's path starts with the field); false when
 * the error names no field, for the caller to show it as a toast instead.
 *
 * @example
 * ```ts
 * catch (error) { if (!setApiFieldErrors(form, error, t('plans.invalid'))) fail(error); }
 * ```
 */
export function setApiFieldErrors(form: FormInstance, error: unknown, fallback: string): boolean {
  const issues = error instanceof ApiError && error.status === 400 && Array.isArray(error.details) ? (error.details as { path?: unknown[]; message?: string }[]) : [];
  const fields = issues.filter((i) => typeof i.path?.[0] === 'string');
  if (fields.length === 0) return false;
  form.setFields(fields.map((i) => ({ name: i.path![0] as string, errors: [i.message ?? fallback] })));
  return true;
}
