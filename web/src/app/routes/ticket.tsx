import { useParams } from 'react-router';

import { AuditLog } from '@/features/audit';
import { useCurrentUser } from '@/features/auth';
import { CommentThread } from '@/features/comments';
import { CtiSelects } from '@/features/cti';
import { TicketDetail } from '@/features/tickets';
import { useUsers } from '@/features/users';

export function TicketRoute() {
  const { ticketId = '' } = useParams();
  const user = useCurrentUser();
  const users = useUsers();
  const assignees = (users.data ?? []).filter((u) => u.role !== 'USER');
  return (
    <div className="page page--wide">
      <TicketDetail
        key={ticketId}
        routeId={ticketId}
        user={user}
        assignees={assignees}
        renderCti={(props) => <CtiSelects {...props} />}
        renderComments={(ticket) => (
          <CommentThread ticketId={ticket.id} comments={ticket.comments} user={user} />
        )}
        renderActivity={(ticket) => <AuditLog ticketId={ticket.id} />}
      />
    </div>
  );
}
