const KEY = 'ticketing.token';

// localStorage keeps the session across reloads; access is guarded because it throws in some
// privacy modes.
export const tokenStorage = {
  get(): string | null {
    try {
      return window.localStorage.getItem(KEY);
    } catch {
      return null;
    }
  },
  set(token: string): void {
    try {
      window.localStorage.setItem(KEY, token);
    } catch {
      // Session then lasts until reload only.
    }
  },
  clear(): void {
    try {
      window.localStorage.removeItem(KEY);
    } catch {
      // Nothing stored.
    }
  },
};
