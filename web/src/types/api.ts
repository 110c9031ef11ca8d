// Wire types shared by every feature. Field names follow the server's JSON exactly.

export type Role = 'ADMIN' | 'AGENT' | 'USER' | 'SERVICE';
export type Status = 'OPEN' | 'IN_PROGRESS' | 'RESOLVED' | 'CLOSED';
export type Severity = 1 | 2 | 3 | 4 | 5;

export const STATUSES: readonly Status[] = ['OPEN', 'IN_PROGRESS', 'RESOLVED', 'CLOSED'];
export const SEVERITIES: readonly Severity[] = [1, 2, 3, 4, 5];
export const ROLES: readonly Role[] = ['ADMIN', 'AGENT', 'USER', 'SERVICE'];

export type User = {
  id: string;
  username: string;
  displayName: string;
  email: string;
  role: Role;
};

export type UserSummary = Pick<User, 'id' | 'username' | 'displayName'>;

export type Category = { id: string; name: string; createdAt: string };
export type CtiType = { id: string; name: string; categoryId: string; createdAt: string };
export type Item = { id: string; name: string; typeId: string; createdAt: string };

export type CtiTree = (Category & { types: (CtiType & { items: Item[] })[] })[];

export type Ticket = {
  id: string;
  displayId: string;
  title: string;
  overview: string;
  severity: Severity;
  status: Status;
  categoryId: string;
  typeId: string;
  itemId: string;
  assigneeId: string | null;
  createdById: string;
  resolvedAt: string | null;
  createdAt: string;
  updatedAt: string;
  category: Category;
  type: CtiType;
  item: Item;
  assignee: UserSummary | null;
  createdBy: UserSummary;
  _count: { comments: number };
};

export type Comment = {
  id: string;
  body: string;
  ticketId: string;
  authorId: string;
  createdAt: string;
  updatedAt: string;
  author: UserSummary;
};

export type TicketDetail = Ticket & { comments: Comment[] };

export type AuditAction =
  | 'CREATED'
  | 'STATUS_CHANGED'
  | 'SEVERITY_CHANGED'
  | 'ASSIGNEE_CHANGED'
  | 'REROUTED'
  | 'TITLE_CHANGED'
  | 'OVERVIEW_CHANGED'
  | 'COMMENT_ADDED'
  | 'COMMENT_DELETED';

export type AuditEntry = {
  id: string;
  action: AuditAction;
  detail: string | null;
  createdAt: string;
  user: UserSummary | null;
};

/** A chosen Category › Type › Item; empty strings while not chosen. */
export type CtiSelection = { categoryId: string; typeId: string; itemId: string };

export type CtiFieldProps = {
  value: CtiSelection;
  onChange: (value: CtiSelection) => void;
  errors?: Partial<Record<keyof CtiSelection, string | undefined>>;
  disabled?: boolean;
};

/** Event types of the live feed, `GET /api/events` (Server-Sent Events). */
export type LiveEventType =
  | 'ticket.created'
  | 'ticket.updated'
  | 'ticket.status_changed'
  | 'ticket.deleted'
  | 'comment.added'
  | 'comment.deleted';

/** The `data` of one live event. `ticket` is null once the ticket is deleted. */
export type LiveEvent = {
  id: string;
  type: LiveEventType;
  createdAt: string;
  ticketId: string;
  displayId: string;
  actor: UserSummary | null;
  ticket: Ticket | null;
  comment?: Comment;
  changes?: { action: AuditAction; detail: string | null }[];
  previousStatus?: Status;
};
