import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

import { ticketKeys } from './keys';

export function deleteTicket(id: string): Promise<void> {
  return api.delete(`/tickets/${encodeURIComponent(id)}`);
}

export function useDeleteTicketMutation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteTicket,
    onSuccess: (_data, id) => {
      queryClient.removeQueries({ queryKey: ticketKeys.detail(id) });
      return queryClient.invalidateQueries({ queryKey: ticketKeys.lists() });
    },
  });
}
