import { queryOptions, useQuery } from '@tanstack/react-query';

import { apiRequest } from '@/lib/api-client';
import type { TicketDetail } from '@/types/api';

import { ticketKeys } from './keys';

/** The ticket plus the ETag it was served with, sent back as If-Match on edits. */
export type TicketWithVersion = { ticket: TicketDetail; etag: string | null };

export async function getTicket(
  idOrDisplayId: string,
  signal?: AbortSignal,
): Promise<TicketWithVersion> {
  const response = await apiRequest<TicketDetail>(`/tickets/${encodeURIComponent(idOrDisplayId)}`, {
    signal,
  });
  return { ticket: response.data, etag: response.headers.get('ETag') };
}

export function ticketQueryOptions(idOrDisplayId: string) {
  return queryOptions({
    queryKey: ticketKeys.detail(idOrDisplayId),
    queryFn: ({ signal }) => getTicket(idOrDisplayId, signal),
  });
}

export function useTicket(idOrDisplayId: string) {
  return useQuery(ticketQueryOptions(idOrDisplayId));
}
