import { useState, type ReactNode } from 'react';

import { Avatar } from '@/components/ui/avatar';
import { Button } from '@/components/ui/button';
import { RouteIcon } from '@/components/ui/icons';
import { formatDateTime, timeAgo } from '@/lib/format';
import { SEVERITY_LABELS, STATUS_LABELS } from '@/lib/labels';
import { can } from '@/lib/permissions';
import {
  SEVERITIES,
  STATUSES,
  type CtiFieldProps,
  type CtiSelection,
  type Severity,
  type Status,
  type Ticket,
  type User,
  type UserSummary,
} from '@/types/api';

import type { TicketPatch } from '../api/update-ticket';

import { SeverityBadge } from './severity-badge';
import { StatusBadge } from './status-badge';

type TicketPropertiesProps = {
  ticket: Ticket;
  user: User;
  assignees: UserSummary[];
  pending: boolean;
  onPatch: (patch: TicketPatch) => Promise<unknown>;
  renderCti: (props: CtiFieldProps) => ReactNode;
};

function Property({
  label,
  children,
  id,
  wide,
}: {
  label: string;
  children: ReactNode;
  id?: string;
  wide?: boolean;
}) {
  return (
    <div className={wide ? 'property property--wide' : 'property'}>
      <dt className="property__label" id={id}>
        {label}
      </dt>
      <dd className="property__value">{children}</dd>
    </div>
  );
}

/** The ticket's fields. Editable in place for roles allowed to edit, read-only text otherwise. */
export function TicketProperties({
  ticket,
  user,
  assignees,
  pending,
  onPatch,
  renderCti,
}: TicketPropertiesProps) {
  const canEdit = can.editTicket(user);
  const [reroute, setReroute] = useState<CtiSelection | null>(null);
  const statusOptions = STATUSES.filter((s) => can.setStatus(user, s) || s === ticket.status);
  const assigneeKnown = !ticket.assignee || assignees.some((a) => a.id === ticket.assignee?.id);

  const saveReroute = async () => {
    if (!reroute) return;
    try {
      await onPatch(reroute);
      setReroute(null);
    } catch {
      // Error shown by the page; keep the selection.
    }
  };

  return (
    <dl className="properties">
      <Property label="Status" id="prop-status">
        {canEdit ? (
          <select
            className="select select--sm"
            aria-labelledby="prop-status"
            value={ticket.status}
            disabled={pending}
            onChange={(event) =>
              void onPatch({ status: event.target.value as Status }).catch(() => undefined)
            }
          >
            {statusOptions.map((status) => (
              <option key={status} value={status} disabled={!can.setStatus(user, status)}>
                {STATUS_LABELS[status]}
              </option>
            ))}
          </select>
        ) : (
          <StatusBadge status={ticket.status} />
        )}
      </Property>
      <Property label="Severity" id="prop-severity">
        {canEdit ? (
          <select
            className="select select--sm"
            aria-labelledby="prop-severity"
            value={ticket.severity}
            disabled={pending}
            onChange={(event) =>
              void onPatch({ severity: Number(event.target.value) as Severity }).catch(
                () => undefined,
              )
            }
          >
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                SEV {s} · {SEVERITY_LABELS[s]}
              </option>
            ))}
          </select>
        ) : (
          <SeverityBadge severity={ticket.severity} withLabel />
        )}
      </Property>
      <Property label="Assignee" id="prop-assignee">
        {canEdit ? (
          <select
            className="select select--sm"
            aria-labelledby="prop-assignee"
            value={ticket.assigneeId ?? ''}
            disabled={pending}
            onChange={(event) =>
              void onPatch({ assigneeId: event.target.value || null }).catch(() => undefined)
            }
          >
            <option value="">Unassigned</option>
            {!assigneeKnown && ticket.assignee && (
              <option value={ticket.assignee.id}>{ticket.assignee.displayName}</option>
            )}
            {assignees.map((a) => (
              <option key={a.id} value={a.id}>
                {a.displayName}
              </option>
            ))}
          </select>
        ) : (
          <span className="person">
            <Avatar user={ticket.assignee} size={20} />
            {ticket.assignee?.displayName ?? <span className="muted">Unassigned</span>}
          </span>
        )}
      </Property>
      <Property label="Routing" wide>
        {reroute === null ? (
          <div className="routing">
            <ol className="cti-path" aria-label="Category, type and item">
              <li>{ticket.category.name}</li>
              <li>{ticket.type.name}</li>
              <li>{ticket.item.name}</li>
            </ol>
            {canEdit && (
              <Button
                size="sm"
                variant="ghost"
                icon={<RouteIcon />}
                onClick={() =>
                  setReroute({
                    categoryId: ticket.categoryId,
                    typeId: ticket.typeId,
                    itemId: ticket.itemId,
                  })
                }
              >
                Reroute
              </Button>
            )}
          </div>
        ) : (
          <div className="stack stack--tight reroute">
            {renderCti({ value: reroute, onChange: setReroute, disabled: pending })}
            <div className="form-actions">
              <Button size="sm" onClick={() => setReroute(null)}>
                Cancel
              </Button>
              <Button
                size="sm"
                variant="primary"
                loading={pending}
                disabled={!reroute.categoryId || !reroute.typeId || !reroute.itemId}
                onClick={() => void saveReroute()}
              >
                Save route
              </Button>
            </div>
          </div>
        )}
      </Property>
      <Property label="Reporter">
        <span className="person">
          <Avatar user={ticket.createdBy} size={20} />
          {ticket.createdBy.displayName}
        </span>
      </Property>
      <Property label="Created">
        <time dateTime={ticket.createdAt} title={formatDateTime(ticket.createdAt)}>
          {timeAgo(ticket.createdAt)}
        </time>
      </Property>
      <Property label="Updated">
        <time dateTime={ticket.updatedAt} title={formatDateTime(ticket.updatedAt)}>
          {timeAgo(ticket.updatedAt)}
        </time>
      </Property>
      {ticket.resolvedAt && (
        <Property label="Resolved">
          <time dateTime={ticket.resolvedAt} title={formatDateTime(ticket.resolvedAt)}>
            {timeAgo(ticket.resolvedAt)}
          </time>
          {ticket.status === 'RESOLVED' && (
            <span className="property__note">Closes automatically 14 days after resolution.</span>
          )}
        </Property>
      )}
    </dl>
  );
}
