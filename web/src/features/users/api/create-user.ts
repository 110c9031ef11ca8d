import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { Role, User } from '@/types/api';

import { userKeys } from './keys';

export type CreateUserInput = {
  username: string;
  email: string;
  displayName: string;
  role: Role;
  password?: string;
};

/** SERVICE accounts come back with `apiKey`, shown once. */
export type CreatedUser = User & { apiKey?: string };

export function createUser(input: CreateUserInput): Promise<CreatedUser> {
  return api.post<CreatedUser>('/users', input);
}

export function useCreateUserMutation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createUser,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: userKeys.all }),
  });
}
