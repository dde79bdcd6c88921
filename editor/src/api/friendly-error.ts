import type { TFunction } from 'i18next';
import { ApiError } from './client.ts';

/**
 * What to tell a marketer when a request failed: a sentence in the UI language chosen by the error's
 * kind, with the server's own words appended only for bad input, where they name what to fix.
 */
export function friendlyError(error: unknown, t: TFunction): string {
  if (!(error instanceof ApiError)) return t('errors.unknown');
  if (error.code === 'network') return t('errors.network');
  if (error.code === 'invalid_credentials') return t('errors.invalidCredentials');
  switch (error.status) {
    case 400:
      return error.message ? `${t('errors.badRequest')}: ${error.message}` : t('errors.badRequest');
    case 401:
      return t('errors.unauthorized');
    case 403:
      return t('errors.forbidden');
    case 404:
      return t('errors.notFound');
    case 409:
      return t('errors.conflict');
    case 413:
      return t('errors.tooLarge');
    case 422:
      return t('errors.invalidGraph');
    case 429:
      return t('errors.tooManyAttempts');
    default:
      return error.status >= 500 ? t('errors.server') : t('errors.unknown');
  }
}
