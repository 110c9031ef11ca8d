import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import { TICKETS_ROOT } from '@/lib/query-roots';
import type { Comment } from '@/types/api';

export function createComment(ticketId: string, body: string): Promise<Comment> {
  return api.post<Comment>(`/tickets/${encodeURIComponent(ticketId)}/comments`, { body });
}

export function useCreateCommentMutation(ticketId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: string) => createComment(ticketId, body),
    // Comments arrive with the ticket detail; counts show in lists; the audit log gains a row.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: TICKETS_ROOT }),
  });
}
