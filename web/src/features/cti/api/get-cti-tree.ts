import { queryOptions, useQuery } from '@tanstack/react-query';

import { api, isApiError } from '@/lib/api-client';
import type { Category, CtiTree, CtiType, Item } from '@/types/api';

import { ctiKeys } from './keys';

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);

/** Builds the tree from the three flat lists (servers without GET /cti/tree). */
export function assembleTree(categories: Category[], types: CtiType[], items: Item[]): CtiTree {
  return [...categories].sort(byName).map((category) => ({
    ...category,
    types: types
      .filter((t) => t.categoryId === category.id)
      .sort(byName)
      .map((type) => ({ ...type, items: items.filter((i) => i.typeId === type.id).sort(byName) })),
  }));
}

export async function getCtiTree(signal?: AbortSignal): Promise<CtiTree> {
  try {
    return await api.get<CtiTree>('/cti/tree', { signal });
  } catch (error) {
    if (!isApiError(error) || error.status !== 404) throw error;
  }
  const [categories, types, items] = await Promise.all([
    api.get<Category[]>('/cti/categories', { signal }),
    api.get<CtiType[]>('/cti/types', { signal }),
    api.get<Item[]>('/cti/items', { signal }),
  ]);
  return assembleTree(categories, types, items);
}

export function ctiTreeQueryOptions() {
  return queryOptions({ queryKey: ctiKeys.tree(), queryFn: ({ signal }) => getCtiTree(signal) });
}

export function useCtiTree() {
  return useQuery(ctiTreeQueryOptions());
}
