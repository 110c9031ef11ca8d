import { useState, type ReactNode } from 'react';
import { Link, useNavigate } from 'react-router';

import { Alert } from '@/components/ui/alert';
import { Button, IconButton } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { copyText } from '@/components/ui/copy-button';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorState } from '@/components/ui/error-state';
import { ArrowLeftIcon, CopyIcon, SearchIcon, TrashIcon } from '@/components/ui/icons';
import { Skeleton } from '@/components/ui/skeleton';
import { useToast } from '@/components/ui/toast';
import { errorMessage, isApiError } from '@/lib/api-client';
import { timeAgo } from '@/lib/format';
import { can } from '@/lib/permissions';
import { useDocumentTitle } from '@/lib/use-document-title';
import type {
  CtiFieldProps,
  TicketDetail as TicketDetailData,
  User,
  UserSummary,
} from '@/types/api';

import { useDeleteTicketMutation } from '../api/delete-ticket';
import { useTicket } from '../api/get-ticket';
import { useUpdateTicketMutation, type TicketPatch } from '../api/update-ticket';

import { SeverityBadge } from './severity-badge';
import { StatusBadge } from './status-badge';
import { TicketOverview } from './ticket-overview';
import { TicketProperties } from './ticket-properties';
import { TicketTitle } from './ticket-title';

type TicketDetailProps = {
  routeId: string;
  user: User;
  assignees: UserSummary[];
  renderCti: (props: CtiFieldProps) => ReactNode;
  /** Comment thread and audit log, composed by the page. */
  renderComments: (ticket: TicketDetailData) => ReactNode;
  renderActivity: (ticket: TicketDetailData) => ReactNode;
};

function mutationErrorText(error: unknown): string {
  if (isApiError(error) && error.status === 412) {
    return 'Someone else changed this ticket while you were editing. The latest version is now shown; please apply your change again.';
  }
  return errorMessage(error);
}

function DetailSkeleton() {
  return (
    <div className="ticket-layout" aria-busy="true">
      <div className="ticket-main">
        <Skeleton width={120} />
        <Skeleton width="60%" height={28} />
        <div className="card overview">
          <Skeleton width="90%" />
          <Skeleton width="75%" style={{ marginTop: 10 }} />
          <Skeleton width="82%" style={{ marginTop: 10 }} />
        </div>
      </div>
      <aside className="ticket-side card">
        <Skeleton height={160} />
      </aside>
    </div>
  );
}

export function TicketDetail({
  routeId,
  user,
  assignees,
  renderCti,
  renderComments,
  renderActivity,
}: TicketDetailProps) {
  const query = useTicket(routeId);
  const update = useUpdateTicketMutation(routeId);
  const remove = useDeleteTicketMutation();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const navigate = useNavigate();
  const toast = useToast();
  useDocumentTitle(
    query.data ? `${query.data.ticket.displayId} ${query.data.ticket.title}` : routeId,
  );

  if (query.isPending) return <DetailSkeleton />;
  if (query.isError) {
    if (isApiError(query.error) && query.error.status === 404) {
      return (
        <EmptyState
          icon={<SearchIcon size={20} />}
          title={`Ticket ${routeId} was not found`}
          action={
            <Link to="/" className="btn btn--secondary">
              Back to dashboard
            </Link>
          }
        >
          It may have been deleted, or the link is wrong.
        </EmptyState>
      );
    }
    return (
      <ErrorState
        title="Could not load this ticket"
        error={query.error}
        onRetry={() => void query.refetch()}
      />
    );
  }

  const { ticket } = query.data;
  const canEdit = can.editTicket(user);
  const patch = (changes: TicketPatch) =>
    update.mutateAsync(
      { patch: changes },
      { onSuccess: () => toast.show(`${ticket.displayId} updated`) },
    );

  return (
    <div className="ticket-layout">
      <div className="ticket-main">
        <div className="ticket-crumbs">
          <Link to="/" className="ticket-crumbs__back">
            <ArrowLeftIcon size={14} /> Tickets
          </Link>
          <span className="ticket-crumbs__sep">/</span>
          <span className="mono">{ticket.displayId}</span>
          <IconButton
            label="Copy ticket ID"
            size="sm"
            onClick={() => {
              void copyText(ticket.displayId).then((ok) =>
                toast.show(ok ? 'Ticket ID copied' : 'Could not copy', ok ? 'default' : 'error'),
              );
            }}
          >
            <CopyIcon size={14} />
          </IconButton>
        </div>
        <TicketTitle
          title={ticket.title}
          canEdit={canEdit}
          pending={update.isPending}
          onSave={(title) => patch({ title })}
        />
        <div className="ticket-meta">
          <SeverityBadge severity={ticket.severity} withLabel />
          <StatusBadge status={ticket.status} />
          <span className="muted">
            Opened {timeAgo(ticket.createdAt)} by {ticket.createdBy.displayName}
          </span>
        </div>
        {update.isError && (
          <Alert
            tone={isApiError(update.error) && update.error.status === 412 ? 'warning' : 'error'}
            title="Your change was not saved"
            action={
              <Button size="sm" variant="ghost" onClick={() => update.reset()}>
                Dismiss
              </Button>
            }
          >
            {mutationErrorText(update.error)}
          </Alert>
        )}
        <TicketOverview
          overview={ticket.overview}
          canEdit={canEdit}
          pending={update.isPending}
          onSave={(overview) => patch({ overview })}
        />
        {renderComments(ticket)}
        {renderActivity(ticket)}
      </div>
      <aside className="ticket-side">
        <div className="card ticket-side__card">
          <TicketProperties
            ticket={ticket}
            user={user}
            assignees={assignees}
            pending={update.isPending}
            onPatch={patch}
            renderCti={renderCti}
          />
        </div>
        {can.deleteTicket(user) && (
          <Button
            variant="ghost"
            size="sm"
            className="ticket-side__delete"
            icon={<TrashIcon />}
            onClick={() => setConfirmDelete(true)}
          >
            Delete ticket
          </Button>
        )}
      </aside>
      <ConfirmDialog
        open={confirmDelete}
        title={`Delete ${ticket.displayId}?`}
        confirmLabel="Delete ticket"
        danger
        pending={remove.isPending}
        error={remove.error}
        onClose={() => {
          setConfirmDelete(false);
          remove.reset();
        }}
        onConfirm={() =>
          remove.mutate(ticket.id, {
            onSuccess: () => {
              toast.show(`${ticket.displayId} deleted`);
              void navigate('/', { replace: true });
            },
          })
        }
      >
        The ticket, its comments and its audit log are removed for good. This cannot be undone.
      </ConfirmDialog>
    </div>
  );
}
