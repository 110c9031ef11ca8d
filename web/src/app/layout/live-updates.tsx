import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useCallback, type ReactNode } from 'react';

import { auditKeys } from '@/features/audit/api/get-audit';
import { LiveUpdatesProvider, type LiveChanges } from '@/features/live';
import { ticketKeys } from '@/features/tickets/api/keys';
import { TICKETS_ROOT } from '@/lib/query-roots';

/**
 * Marks what a batch of live events touched as stale; mounted screens refetch it, the rest on
 * next use. Only server state is touched: drafts being typed live in component state and stay.
 */
export function invalidateLiveChanges(queryClient: QueryClient, changes: LiveChanges): void {
  if (changes.resync) {
    void queryClient.invalidateQueries({ queryKey: TICKETS_ROOT });
    return;
  }
  if (changes.tickets.length === 0) return;

  // Any change can move a ticket in or out of a filtered list, or change its comment count.
  void queryClient.invalidateQueries({ queryKey: ticketKeys.lists() });

  // The detail (with its comments) is cached under the id or display id the URL used.
  const routeIds = new Set<string>();
  for (const ticket of changes.tickets) {
    routeIds.add(ticket.id);
    if (ticket.displayId) routeIds.add(ticket.displayId.toUpperCase());
  }
  void queryClient.invalidateQueries({
    queryKey: ticketKeys.details(),
    predicate: ({ queryKey }) => {
      const routeId = queryKey[ticketKeys.details().length];
      return (
        typeof routeId === 'string' &&
        (routeIds.has(routeId) || routeIds.has(routeId.toUpperCase()))
      );
    },
  });

  for (const ticket of changes.tickets) {
    // A deleted ticket's audit log is gone: mark it stale without asking for a 404.
    void queryClient.invalidateQueries({
      queryKey: auditKeys.forTicket(ticket.id),
      refetchType: ticket.deleted ? 'none' : 'active',
    });
  }
}

/** The live feed for the signed-in layout, wired to the ticket caches. */
export function LiveUpdates({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const onChanges = useCallback(
    (changes: LiveChanges) => invalidateLiveChanges(queryClient, changes),
    [queryClient],
  );
  return <LiveUpdatesProvider onChanges={onChanges}>{children}</LiveUpdatesProvider>;
}
