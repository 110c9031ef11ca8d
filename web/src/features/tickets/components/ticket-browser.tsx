import type { ReactNode } from 'react';
import { useSearchParams } from 'react-router';

import { EmptyState } from '@/components/ui/empty-state';
import { ErrorState } from '@/components/ui/error-state';
import { SearchIcon } from '@/components/ui/icons';
import type { Category } from '@/types/api';

import { useTickets } from '../api/get-tickets';
import {
  hasActiveFilters,
  PAGE_SIZE,
  parseFilters,
  serializeFilters,
  toListParams,
  type TicketFilters as Filters,
} from '../lib/filters';

import { Pagination } from './pagination';
import { TicketFilters } from './ticket-filters';
import { TicketList, TicketListSkeleton } from './ticket-list';

type TicketBrowserProps = {
  categories: Category[];
  /** Fixed assignee (My Tickets). */
  assigneeId?: string;
  /** Shown when there are no tickets at all (no filters). */
  empty: ReactNode;
};

/** Filters (kept in the URL), the sorted ticket list and paging. */
export function TicketBrowser({ categories, assigneeId, empty }: TicketBrowserProps) {
  const [searchParams, setSearchParams] = useSearchParams();
  const filters = parseFilters(searchParams);
  const query = useTickets(toListParams(filters, assigneeId));
  const setFilters = (next: Filters) =>
    setSearchParams(serializeFilters(next), { replace: next.page === filters.page });

  let body: ReactNode;
  if (query.isPending) body = <TicketListSkeleton />;
  else if (query.isError)
    body = (
      <ErrorState
        title="Could not load tickets"
        error={query.error}
        onRetry={() => void query.refetch()}
      />
    );
  else if (query.data.tickets.length === 0 && query.data.total > 0 && filters.page > 1) {
    // Paged past the end (tickets were closed or deleted meanwhile).
    body = (
      <EmptyState title="This page is empty">
        <button
          type="button"
          className="link-button"
          onClick={() => setFilters({ ...filters, page: 1 })}
        >
          Back to the first page
        </button>
      </EmptyState>
    );
  } else if (query.data.tickets.length === 0) {
    body = hasActiveFilters(filters) ? (
      <EmptyState icon={<SearchIcon size={20} />} title="No tickets match these filters">
        Try a different search or clear the filters.
      </EmptyState>
    ) : (
      empty
    );
  } else body = <TicketList tickets={query.data.tickets} />;

  return (
    <div className="ticket-browser">
      <TicketFilters filters={filters} categories={categories} onChange={setFilters} />
      <div
        className="card ticket-browser__list"
        aria-busy={query.isFetching || undefined}
        data-stale={query.isPlaceholderData || undefined}
      >
        {body}
      </div>
      {query.data && query.data.total > 0 && (
        <Pagination
          page={filters.page}
          pageSize={PAGE_SIZE}
          total={query.data.total}
          onPage={(page) => {
            setFilters({ ...filters, page });
            window.scrollTo({ top: 0 });
          }}
        />
      )}
    </div>
  );
}
