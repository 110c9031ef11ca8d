import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { User } from '@/types/api';

import { userKeys } from './keys';

export function getUsers(signal?: AbortSignal): Promise<User[]> {
  return api.get<User[]>('/users', { signal });
}

export function usersQueryOptions() {
  return queryOptions({
    queryKey: userKeys.list(),
    queryFn: ({ signal }) => getUsers(signal),
    staleTime: 60_000,
  });
}

export function useUsers() {
  return useQuery(usersQueryOptions());
}
