import { CTI_ROOT } from '@/lib/query-roots';

export type CtiLevel = 'category' | 'type' | 'item';

export const ctiKeys = {
  all: CTI_ROOT,
  categories: () => [...ctiKeys.all, 'categories'] as const,
  types: (categoryId: string) => [...ctiKeys.all, 'types', categoryId] as const,
  items: (typeId: string) => [...ctiKeys.all, 'items', typeId] as const,
  tree: () => [...ctiKeys.all, 'tree'] as const,
};

export const LEVEL_PATH: Record<CtiLevel, string> = {
  category: '/cti/categories',
  type: '/cti/types',
  item: '/cti/items',
};

export const LEVEL_LABEL: Record<CtiLevel, string> = {
  category: 'Category',
  type: 'Type',
  item: 'Item',
};
