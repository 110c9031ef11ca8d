import { useMutation } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

export type ChangePasswordInput = { currentPassword: string; newPassword: string };

export async function changePassword(
  input: ChangePasswordInput,
): Promise<{ token?: string } | null> {
  // 401 here means the current password was wrong, not that the session ended.
  return api.post<{ token?: string } | null>('/auth/password', input, {
    skipUnauthorizedHandler: true,
  });
}

export function useChangePasswordMutation() {
  return useMutation({ mutationFn: changePassword });
}
