import { useQueryClient } from '@tanstack/react-query';
import {
  createContext,
  use,
  useCallback,
  useEffect,
  useMemo,
  useState,
  type ReactNode,
} from 'react';

import { setUnauthorizedHandler } from '@/lib/api-client';
import { tokenStorage } from '@/lib/token-storage';
import type { User } from '@/types/api';

import { useMe } from './api/get-me';
import { authKeys } from './api/keys';
import { logout as logoutRequest } from './api/logout';

export type AuthState =
  | { status: 'loading'; user: null }
  | { status: 'anonymous'; user: null; reason?: 'expired' | 'signed-out' }
  | { status: 'authenticated'; user: User }
  | { status: 'error'; user: null; error: unknown };

type AuthContextValue = AuthState & {
  signIn: (token: string, user: User) => void;
  signOut: () => Promise<void>;
  /** Drop the local session without calling the server (token already dead). */
  forget: (reason?: 'expired' | 'signed-out') => void;
  replaceToken: (token: string) => void;
  retry: () => void;
};

const AuthContext = createContext<AuthContextValue | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [token, setToken] = useState<string | null>(() => tokenStorage.get());
  const [reason, setReason] = useState<'expired' | 'signed-out' | undefined>(undefined);
  const me = useMe(token !== null);

  const forget = useCallback(
    (why: 'expired' | 'signed-out' = 'expired') => {
      tokenStorage.clear();
      setToken(null);
      setReason(why);
      queryClient.clear();
    },
    [queryClient],
  );

  useEffect(() => {
    setUnauthorizedHandler(() => forget('expired'));
    return () => setUnauthorizedHandler(null);
  }, [forget]);

  const signIn = useCallback(
    (newToken: string, user: User) => {
      queryClient.clear();
      tokenStorage.set(newToken);
      queryClient.setQueryData(authKeys.me(), user);
      setReason(undefined);
      setToken(newToken);
    },
    [queryClient],
  );

  const replaceToken = useCallback((newToken: string) => {
    tokenStorage.set(newToken);
    setToken(newToken);
  }, []);

  const signOut = useCallback(async () => {
    try {
      await logoutRequest();
    } finally {
      forget('signed-out');
    }
  }, [forget]);

  const value = useMemo<AuthContextValue>(() => {
    const retry = () => void me.refetch();
    const actions = { signIn, signOut, forget, replaceToken, retry };
    if (token === null) return { status: 'anonymous', user: null, reason, ...actions };
    if (me.data) return { status: 'authenticated', user: me.data, ...actions };
    if (me.isError) return { status: 'error', user: null, error: me.error, ...actions };
    return { status: 'loading', user: null, ...actions };
  }, [token, me, reason, signIn, signOut, forget, replaceToken]);

  return <AuthContext value={value}>{children}</AuthContext>;
}

export function useAuth(): AuthContextValue {
  const value = use(AuthContext);
  if (!value) throw new Error('useAuth must be used inside <AuthProvider>');
  return value;
}

/** The signed-in user; only for components rendered behind <RequireAuth>. */
export function useCurrentUser(): User {
  const auth = useAuth();
  if (auth.status !== 'authenticated') throw new Error('No signed-in user');
  return auth.user;
}
