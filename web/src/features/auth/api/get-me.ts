import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { User } from '@/types/api';

import { authKeys } from './keys';

export function getMe(signal?: AbortSignal): Promise<User> {
  return api.get<User>('/auth/me', { signal });
}

export function meQueryOptions(enabled: boolean) {
  return queryOptions({
    queryKey: authKeys.me(),
    queryFn: ({ signal }) => getMe(signal),
    enabled,
    staleTime: 5 * 60_000,
    retry: false,
  });
}

export function useMe(enabled: boolean) {
  return useQuery(meQueryOptions(enabled));
}
