import { useNavigate } from 'react-router';

import { PageHeader } from '@/components/ui/page-header';
import { useToast } from '@/components/ui/toast';
import { CtiSelects } from '@/features/cti';
import { CreateTicketForm } from '@/features/tickets';
import { useUsers } from '@/features/users';
import { useDocumentTitle } from '@/lib/use-document-title';

export function NewTicketRoute() {
  const navigate = useNavigate();
  const users = useUsers();
  const toast = useToast();
  useDocumentTitle('New ticket');
  const assignees = (users.data ?? []).filter((u) => u.role !== 'USER');
  return (
    <div className="page page--narrow">
      <PageHeader
        title="New ticket"
        subtitle="Describe the problem and route it to the right queue."
      />
      <CreateTicketForm
        assignees={assignees}
        renderCti={(props) => <CtiSelects {...props} />}
        onCreated={(ticket) => {
          toast.show(`${ticket.displayId} created`);
          void navigate(`/tickets/${ticket.displayId}`);
        }}
        onCancel={() => void navigate(-1)}
      />
    </div>
  );
}
