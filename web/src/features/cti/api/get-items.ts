import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { Item } from '@/types/api';

import { ctiKeys } from './keys';

export function getItems(typeId: string, signal?: AbortSignal): Promise<Item[]> {
  return api.get<Item[]>('/cti/items', { query: { typeId }, signal });
}

export function itemsQueryOptions(typeId: string) {
  return queryOptions({
    queryKey: ctiKeys.items(typeId),
    queryFn: ({ signal }) => getItems(typeId, signal),
    enabled: typeId !== '',
    staleTime: 5 * 60_000,
  });
}

export function useItems(typeId: string) {
  return useQuery(itemsQueryOptions(typeId));
}
