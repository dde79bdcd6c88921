import { App } from 'antd';
import i18next from 'i18next';
import { useCallback } from 'react';
import { friendlyError } from '../api/friendly-error.ts';
import { expireOnUnauthorized } from '../auth/session-store.ts';

/**
 * A stable callback that reports a failed request as a toast in the UI language, or signs the user
 * out when the session ended. It reads i18next directly so a language switch does not change it
 * (effects that depend on it, such as loading or polling, do not restart).
 */
export function useErrorToast(): (error: unknown) => void {
  const { message } = App.useApp();
  return useCallback(
    (error: unknown) => {
      if (!expireOnUnauthorized(error)) void message.error(friendlyError(error, i18next.t));
    },
    [message],
  );
}
