import { Link } from 'react-router';

import { EmptyState } from '@/components/ui/empty-state';
import { InboxIcon, PlusIcon } from '@/components/ui/icons';
import { PageHeader } from '@/components/ui/page-header';
import { useCurrentUser } from '@/features/auth';
import { useCategories } from '@/features/cti';
import { TicketBrowser } from '@/features/tickets/components/ticket-browser';
import { can } from '@/lib/permissions';
import { useDocumentTitle } from '@/lib/use-document-title';

export function DashboardRoute() {
  const user = useCurrentUser();
  const categories = useCategories();
  useDocumentTitle('Dashboard');
  const newTicket = can.createTicket(user) ? (
    <Link to="/tickets/new" className="btn btn--primary">
      <PlusIcon size={14} /> New ticket
    </Link>
  ) : null;
  return (
    <div className="page">
      <PageHeader
        title="Dashboard"
        subtitle="All tickets, most severe first."
        actions={newTicket}
      />
      <TicketBrowser
        categories={categories.data ?? []}
        empty={
          <EmptyState icon={<InboxIcon size={20} />} title="No tickets yet" action={newTicket}>
            When tickets are opened, by people or automation, they show up here sorted by severity.
          </EmptyState>
        }
      />
    </div>
  );
}
