import { Link } from 'react-router';

import { Avatar } from '@/components/ui/avatar';
import { CommentIcon } from '@/components/ui/icons';
import { Skeleton } from '@/components/ui/skeleton';
import { formatDateTime, shortAge } from '@/lib/format';
import type { Ticket } from '@/types/api';

import { SeverityBadge } from './severity-badge';
import { StatusBadge } from './status-badge';

export function ctiPath(ticket: Pick<Ticket, 'category' | 'type' | 'item'>): string {
  return `${ticket.category.name} › ${ticket.type.name} › ${ticket.item.name}`;
}

function TicketRow({ ticket }: { ticket: Ticket }) {
  const comments = ticket._count.comments;
  return (
    <li>
      <Link to={`/tickets/${ticket.displayId}`} className="ticket-row" data-testid="ticket-row">
        <span className="ticket-row__sev">
          <SeverityBadge severity={ticket.severity} />
        </span>
        <span className="ticket-row__id mono">{ticket.displayId}</span>
        <span className="ticket-row__main">
          <span className="ticket-row__title">{ticket.title}</span>
          <span className="ticket-row__cti">{ctiPath(ticket)}</span>
        </span>
        <span className="ticket-row__status">
          <StatusBadge status={ticket.status} />
        </span>
        <span
          className="ticket-row__assignee"
          title={ticket.assignee ? `Assigned to ${ticket.assignee.displayName}` : 'Unassigned'}
        >
          <Avatar user={ticket.assignee} size={20} />
          <span className="ticket-row__assignee-name">
            {ticket.assignee?.displayName ?? 'Unassigned'}
          </span>
        </span>
        <span
          className="ticket-row__comments"
          aria-label={`${comments} comment${comments === 1 ? '' : 's'}`}
          data-zero={comments === 0 || undefined}
        >
          <CommentIcon size={14} />
          {comments}
        </span>
        <time
          className="ticket-row__age"
          dateTime={ticket.createdAt}
          title={`Created ${formatDateTime(ticket.createdAt)}`}
        >
          {shortAge(ticket.createdAt)}
        </time>
      </Link>
    </li>
  );
}

export function TicketList({ tickets }: { tickets: Ticket[] }) {
  return (
    <ul className="ticket-list" aria-label="Tickets">
      {tickets.map((ticket) => (
        <TicketRow key={ticket.id} ticket={ticket} />
      ))}
    </ul>
  );
}

export function TicketListSkeleton({ rows = 8 }: { rows?: number }) {
  return (
    <ul className="ticket-list" aria-hidden="true">
      {Array.from({ length: rows }, (_, i) => (
        <li key={i}>
          <div className="ticket-row ticket-row--skeleton">
            <span className="ticket-row__sev">
              <Skeleton width={58} height={22} />
            </span>
            <span className="ticket-row__id">
              <Skeleton width={84} />
            </span>
            <span className="ticket-row__main">
              <Skeleton width={`${50 + ((i * 17) % 40)}%`} />
              <Skeleton width={160} height={11} />
            </span>
            <span className="ticket-row__status">
              <Skeleton width={80} />
            </span>
            <span className="ticket-row__assignee">
              <Skeleton width={110} />
            </span>
            <span className="ticket-row__comments" />
            <span className="ticket-row__age" />
          </div>
        </li>
      ))}
    </ul>
  );
}
