import { useMutation, useQueryClient } from '@tanstack/react-query';

import { apiRequest } from '@/lib/api-client';
import type { Severity, Status, Ticket } from '@/types/api';

import type { TicketWithVersion } from './get-ticket';
import { ticketKeys } from './keys';

export type TicketPatch = Partial<{
  title: string;
  overview: string;
  severity: Severity;
  status: Status;
  assigneeId: string | null;
  categoryId: string;
  typeId: string;
  itemId: string;
}>;

export async function updateTicket(
  id: string,
  patch: TicketPatch,
  etag: string | null,
): Promise<{ ticket: Ticket; etag: string | null }> {
  const response = await apiRequest<Ticket>(`/tickets/${encodeURIComponent(id)}`, {
    method: 'PATCH',
    body: patch,
    headers: etag ? { 'If-Match': etag } : undefined,
  });
  return { ticket: response.data, etag: response.headers.get('ETag') };
}

/**
 * Edits the ticket shown under `routeId` (its id or display id, as in the URL). The server's
 * answer is merged into the cached detail at once; the detail and audit are then refetched.
 */
export function useUpdateTicketMutation(routeId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ patch }: { patch: TicketPatch }) => {
      const cached = queryClient.getQueryData<TicketWithVersion>(ticketKeys.detail(routeId));
      return updateTicket(cached?.ticket.id ?? routeId, patch, cached?.etag ?? null);
    },
    onSuccess: ({ ticket, etag }) => {
      queryClient.setQueryData<TicketWithVersion>(ticketKeys.detail(routeId), (old) =>
        old ? { ticket: { ...old.ticket, ...ticket, comments: old.ticket.comments }, etag } : old,
      );
    },
    // The audit log lives under ['tickets', 'audit', id], so this refreshes it as well.
    onSettled: () => queryClient.invalidateQueries({ queryKey: ticketKeys.all }),
  });
}
