import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import { TICKETS_ROOT } from '@/lib/query-roots';

export function deleteComment(ticketId: string, commentId: string): Promise<void> {
  return api.delete(
    `/tickets/${encodeURIComponent(ticketId)}/comments/${encodeURIComponent(commentId)}`,
  );
}

export function useDeleteCommentMutation(ticketId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (commentId: string) => deleteComment(ticketId, commentId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: TICKETS_ROOT }),
  });
}
