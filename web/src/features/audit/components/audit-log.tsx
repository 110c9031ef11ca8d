import { useState } from 'react';

import { Avatar } from '@/components/ui/avatar';
import { ErrorState } from '@/components/ui/error-state';
import { ChevronRightIcon } from '@/components/ui/icons';
import { Skeleton } from '@/components/ui/skeleton';
import { formatDateTime, timeAgo } from '@/lib/format';
import type { AuditAction, AuditEntry } from '@/types/api';

import { useAudit } from '../api/get-audit';

const ACTION_TEXT: Record<AuditAction, string> = {
  CREATED: 'created the ticket',
  STATUS_CHANGED: 'changed the status',
  SEVERITY_CHANGED: 'changed the severity',
  ASSIGNEE_CHANGED: 'changed the assignee',
  REROUTED: 'rerouted the ticket',
  TITLE_CHANGED: 'renamed the ticket',
  OVERVIEW_CHANGED: 'edited the overview',
  COMMENT_ADDED: 'commented',
  COMMENT_DELETED: 'deleted a comment',
};

/** "Open → In Progress" reads as from/to; anything else (a title, a comment body) as text. */
function Detail({ entry }: { entry: AuditEntry }) {
  const detail = entry.detail ?? '';
  const arrow = detail.indexOf(' → ');
  const isChange = ['STATUS_CHANGED', 'SEVERITY_CHANGED', 'ASSIGNEE_CHANGED', 'REROUTED'].includes(
    entry.action,
  );
  if (isChange && arrow > 0) {
    return (
      <div className="audit-change">
        <span className="audit-change__from">{detail.slice(0, arrow)}</span>
        <span className="audit-change__arrow" aria-label="changed to">
          →
        </span>
        <span className="audit-change__to">{detail.slice(arrow + 3)}</span>
      </div>
    );
  }
  return <div className="audit-text">{detail}</div>;
}

function Entry({ entry }: { entry: AuditEntry }) {
  const [open, setOpen] = useState(false);
  const expandable = Boolean(entry.detail);
  const who = entry.user?.displayName ?? 'A deleted user';
  const summary = (
    <>
      <Avatar user={entry.user} size={20} />
      <span className="audit-entry__text">
        <strong>{who}</strong>{' '}
        {ACTION_TEXT[entry.action] ?? entry.action.toLowerCase().replace(/_/g, ' ')}
      </span>
      <time
        className="audit-entry__time"
        dateTime={entry.createdAt}
        title={formatDateTime(entry.createdAt)}
      >
        {timeAgo(entry.createdAt)}
      </time>
    </>
  );
  return (
    <li className="audit-entry" data-testid="audit-entry" data-action={entry.action}>
      {expandable ? (
        <button
          type="button"
          className="audit-entry__summary"
          aria-expanded={open}
          onClick={() => setOpen(!open)}
        >
          <ChevronRightIcon size={12} className="audit-entry__chevron" />
          {summary}
        </button>
      ) : (
        <div className="audit-entry__summary audit-entry__summary--static">
          <span className="audit-entry__chevron-space" />
          {summary}
        </div>
      )}
      {expandable && open && (
        <div className="audit-entry__detail">
          <Detail entry={entry} />
        </div>
      )}
    </li>
  );
}

/** The ticket's audit log, newest first; entries with a detail expand to show it. */
export function AuditLog({ ticketId }: { ticketId: string }) {
  const query = useAudit(ticketId);
  return (
    <section className="card activity" aria-labelledby="activity-heading">
      <div className="section-header">
        <h2 className="section-title" id="activity-heading">
          Activity
        </h2>
        {query.data && <span className="muted">{query.data.length} events</span>}
      </div>
      {query.isPending ? (
        <div className="stack">
          <Skeleton width="70%" />
          <Skeleton width="55%" />
          <Skeleton width="62%" />
        </div>
      ) : query.isError ? (
        <ErrorState
          title="Could not load the activity"
          error={query.error}
          onRetry={() => void query.refetch()}
        />
      ) : query.data.length === 0 ? (
        <p className="muted">No activity recorded.</p>
      ) : (
        <ol className="audit-list">
          {query.data.map((entry) => (
            <Entry key={entry.id} entry={entry} />
          ))}
        </ol>
      )}
    </section>
  );
}
