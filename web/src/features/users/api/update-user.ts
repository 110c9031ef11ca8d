import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import { TICKETS_ROOT } from '@/lib/query-roots';
import type { Role, User } from '@/types/api';

import { userKeys } from './keys';

export type UpdateUserInput = Partial<{
  displayName: string;
  email: string;
  password: string;
  role: Role;
  regenerateApiKey: boolean;
}>;

export type UpdatedUser = User & { apiKey?: string };

export function updateUser(id: string, input: UpdateUserInput): Promise<UpdatedUser> {
  return api.patch<UpdatedUser>(`/users/${encodeURIComponent(id)}`, input);
}

export function useUpdateUserMutation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: string; input: UpdateUserInput }) => updateUser(id, input),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: userKeys.all }),
        // Display names show on tickets and comments.
        queryClient.invalidateQueries({ queryKey: TICKETS_ROOT }),
      ]),
  });
}
