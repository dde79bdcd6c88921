import { create } from 'zustand';
import { api, ApiError, setCsrfToken, type User } from '../api/client.ts';
import { isLocale, setLocale } from '../i18n/i18n.ts';

/** Signed in: the UI speaks the language the user chose last, on any browser. */
function adoptLocale(user: User): void {
  if (isLocale(user.locale)) setLocale(user.locale);
}

/** Who is signed in. `checking` until the first `/auth/me` answers. */
export interface SessionState {
  status: 'checking' | 'signedOut' | 'signedIn';
  user: User | null;
  /** Asks the server whether the browser's cookie still holds a session. */
  restore(): Promise<void>;
  signIn(email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
  /**
   * Changes the signed-in user's password; the server ends their other sessions and renews this one,
   * whose new CSRF token later writes send. Refusals throw `ApiError` (`wrong_password`, 400, 429).
   */
  changePassword(currentPassword: string, newPassword: string): Promise<void>;
  /** Forgets the session after the server answered 401. */
  expire(): void;
}

export const useSession = create<SessionState>()((set) => ({
  status: 'checking',
  user: null,

  async restore() {
    try {
      const session = await api.me();
      if (!session.user) throw new Error('not signed in as a person');
      setCsrfToken(session.csrfToken);
      adoptLocale(session.user);
      set({ status: 'signedIn', user: session.user });
    } catch {
      set({ status: 'signedOut', user: null });
    }
  },

  async signIn(email, password) {
    const session = await api.login(email, password);
    setCsrfToken(session.csrfToken);
    adoptLocale(session.user);
    set({ status: 'signedIn', user: session.user });
  },

  async signOut() {
    try {
      await api.logout();
    } finally {
      setCsrfToken(null);
      set({ status: 'signedOut', user: null });
    }
  },

  async changePassword(currentPassword, newPassword) {
    const session = await api.changePassword({ currentPassword, newPassword });
    setCsrfToken(session.csrfToken);
    set({ user: session.user });
  },

  expire() {
    setCsrfToken(null);
    set({ status: 'signedOut', user: null });
  },
}));

/** Signs the user out when `error` says the session ended; true when it did. */
export function expireOnUnauthorized(error: unknown): boolean {
  if (!(error instanceof ApiError) || error.status !== 401) return false;
  useSession.getState().expire();
  return true;
}
