import { useMutation } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { User } from '@/types/api';

export type LoginInput = { username: string; password: string };
export type LoginResult = { token: string; user: User };

export function login(input: LoginInput): Promise<LoginResult> {
  // A 401 here means wrong credentials, not an expired session.
  return api.post<LoginResult>('/auth/login', input, { skipUnauthorizedHandler: true });
}

export function useLoginMutation() {
  return useMutation({ mutationFn: login });
}
