import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import { TICKETS_ROOT } from '@/lib/query-roots';

import { ctiKeys, LEVEL_PATH, type CtiLevel } from './keys';

export type RenameCtiNodeInput = { level: CtiLevel; id: string; name: string };

export function renameCtiNode({
  level,
  id,
  name,
}: RenameCtiNodeInput): Promise<{ id: string; name: string }> {
  return api.put(`${LEVEL_PATH[level]}/${encodeURIComponent(id)}`, { name });
}

export function useRenameCtiNodeMutation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: renameCtiNode,
    // Tickets carry the names of their category, type and item.
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ctiKeys.all }),
        queryClient.invalidateQueries({ queryKey: TICKETS_ROOT }),
      ]),
  });
}
