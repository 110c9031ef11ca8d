import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { Category } from '@/types/api';

import { ctiKeys } from './keys';

export function getCategories(signal?: AbortSignal): Promise<Category[]> {
  return api.get<Category[]>('/cti/categories', { signal });
}

export function categoriesQueryOptions() {
  return queryOptions({
    queryKey: ctiKeys.categories(),
    queryFn: ({ signal }) => getCategories(signal),
    staleTime: 5 * 60_000,
  });
}

export function useCategories() {
  return useQuery(categoriesQueryOptions());
}
