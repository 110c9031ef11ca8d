import { EmptyState } from '@/components/ui/empty-state';
import { UserIcon } from '@/components/ui/icons';
import { PageHeader } from '@/components/ui/page-header';
import { useCurrentUser } from '@/features/auth';
import { useCategories } from '@/features/cti';
import { TicketBrowser } from '@/features/tickets/components/ticket-browser';
import { useDocumentTitle } from '@/lib/use-document-title';

export function MyTicketsRoute() {
  const user = useCurrentUser();
  const categories = useCategories();
  useDocumentTitle('My tickets');
  return (
    <div className="page">
      <PageHeader title="My tickets" subtitle="Tickets assigned to you." />
      <TicketBrowser
        categories={categories.data ?? []}
        assigneeId={user.id}
        empty={
          <EmptyState icon={<UserIcon size={20} />} title="Nothing assigned to you">
            Tickets assigned to you appear here.
          </EmptyState>
        }
      />
    </div>
  );
}
