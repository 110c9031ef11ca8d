import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

import { ctiKeys, LEVEL_PATH, type CtiLevel } from './keys';

export type CreateCtiNodeInput = { level: CtiLevel; name: string; parentId?: string };

/** POST /cti/categories {name}, /cti/types {name, categoryId}, /cti/items {name, typeId}. */
export function createCtiNode({
  level,
  name,
  parentId,
}: CreateCtiNodeInput): Promise<{ id: string; name: string }> {
  const body =
    level === 'type'
      ? { name, categoryId: parentId }
      : level === 'item'
        ? { name, typeId: parentId }
        : { name };
  return api.post(LEVEL_PATH[level], body);
}

export function useCreateCtiNodeMutation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createCtiNode,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ctiKeys.all }),
  });
}
