import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import { TICKETS_ROOT } from '@/lib/query-roots';
import type { AuditEntry } from '@/types/api';

// Under the tickets root: any ticket change invalidates its audit log too.
export const auditKeys = {
  all: [...TICKETS_ROOT, 'audit'] as const,
  forTicket: (ticketId: string) => [...auditKeys.all, ticketId] as const,
};

export function getAudit(ticketId: string, signal?: AbortSignal): Promise<AuditEntry[]> {
  return api.get<AuditEntry[]>(`/tickets/${encodeURIComponent(ticketId)}/audit`, { signal });
}

export function auditQueryOptions(ticketId: string) {
  return queryOptions({
    queryKey: auditKeys.forTicket(ticketId),
    queryFn: ({ signal }) => getAudit(ticketId, signal),
  });
}

export function useAudit(ticketId: string) {
  return useQuery(auditQueryOptions(ticketId));
}
