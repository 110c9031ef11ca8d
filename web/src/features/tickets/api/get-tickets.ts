import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';

import { apiRequest } from '@/lib/api-client';
import type { Ticket } from '@/types/api';

import type { TicketListParams } from '../lib/filters';

import { ticketKeys } from './keys';

export type TicketPage = { tickets: Ticket[]; total: number };

/**
 * One page of tickets. The server pages with limit/offset and reports the total in X-Total-Count;
 * a server without paging (the original) returns everything, which is then paged here.
 */
export async function getTickets(
  params: TicketListParams,
  signal?: AbortSignal,
): Promise<TicketPage> {
  const response = await apiRequest<Ticket[]>('/tickets', { query: params, signal });
  const header = response.headers.get('X-Total-Count');
  const total = header === null ? Number.NaN : Number(header);
  if (Number.isFinite(total)) return { tickets: response.data, total };
  if (response.data.length > params.limit) {
    return {
      tickets: response.data.slice(params.offset, params.offset + params.limit),
      total: response.data.length,
    };
  }
  return { tickets: response.data, total: params.offset + response.data.length };
}

export function ticketsQueryOptions(params: TicketListParams) {
  return queryOptions({
    queryKey: ticketKeys.list(params),
    queryFn: ({ signal }) => getTickets(params, signal),
    placeholderData: keepPreviousData,
  });
}

export function useTickets(params: TicketListParams) {
  return useQuery(ticketsQueryOptions(params));
}
