import { TICKETS_ROOT } from '@/lib/query-roots';

import type { TicketListParams } from '../lib/filters';

// Everything about tickets hangs under ['tickets'], so a live event can invalidate it all at once
// (or just one detail by id).
export const ticketKeys = {
  all: TICKETS_ROOT,
  lists: () => [...ticketKeys.all, 'list'] as const,
  list: (params: TicketListParams) => [...ticketKeys.lists(), params] as const,
  details: () => [...ticketKeys.all, 'detail'] as const,
  detail: (idOrDisplayId: string) => [...ticketKeys.details(), idOrDisplayId] as const,
};
