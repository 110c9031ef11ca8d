import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import { TICKETS_ROOT } from '@/lib/query-roots';

import { ctiKeys, LEVEL_PATH, type CtiLevel } from './keys';

export type DeleteCtiNodeInput = { level: CtiLevel; id: string };

/** The server refuses (409) while tickets still use the node. */
export function deleteCtiNode({ level, id }: DeleteCtiNodeInput): Promise<void> {
  return api.delete(`${LEVEL_PATH[level]}/${encodeURIComponent(id)}`);
}

export function useDeleteCtiNodeMutation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteCtiNode,
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ctiKeys.all }),
        queryClient.invalidateQueries({ queryKey: TICKETS_ROOT }),
      ]),
  });
}
