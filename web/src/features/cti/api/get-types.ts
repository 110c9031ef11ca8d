import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { CtiType } from '@/types/api';

import { ctiKeys } from './keys';

export function getTypes(categoryId: string, signal?: AbortSignal): Promise<CtiType[]> {
  return api.get<CtiType[]>('/cti/types', { query: { categoryId }, signal });
}

export function typesQueryOptions(categoryId: string) {
  return queryOptions({
    queryKey: ctiKeys.types(categoryId),
    queryFn: ({ signal }) => getTypes(categoryId, signal),
    enabled: categoryId !== '',
    staleTime: 5 * 60_000,
  });
}

export function useTypes(categoryId: string) {
  return useQuery(typesQueryOptions(categoryId));
}
