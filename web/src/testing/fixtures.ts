import type { Category, Comment, CtiType, Item, Ticket, TicketDetail, User } from '@/types/api';

export const admin: User = {
  id: 'u-admin',
  username: 'admin',
  displayName: 'Admin',
  email: 'admin@example.test',
  role: 'ADMIN',
};
export const agent: User = {
  id: 'u-agent',
  username: 'agent',
  displayName: 'Alex Agent',
  email: 'agent@example.test',
  role: 'AGENT',
};
export const plainUser: User = {
  id: 'u-user',
  username: 'user',
  displayName: 'Uma User',
  email: 'user@example.test',
  role: 'USER',
};

const at = '2026-03-30T10:00:00.000Z';
export const categories: Category[] = [
  { id: 'c-general', name: 'General', createdAt: at },
  { id: 'c-infra', name: 'Infrastructure', createdAt: at },
];
export const types: CtiType[] = [
  { id: 't-request', name: 'Request', categoryId: 'c-general', createdAt: at },
  { id: 't-issue', name: 'Issue', categoryId: 'c-general', createdAt: at },
  { id: 't-server', name: 'Server', categoryId: 'c-infra', createdAt: at },
];
export const items: Item[] = [
  { id: 'i-access', name: 'Access', typeId: 't-request', createdAt: at },
  { id: 'i-hardware', name: 'Hardware', typeId: 't-request', createdAt: at },
  { id: 'i-bug', name: 'Bug', typeId: 't-issue', createdAt: at },
  { id: 'i-disk', name: 'Disk', typeId: 't-server', createdAt: at },
];

export function makeTicket(overrides: Partial<Ticket> = {}): Ticket {
  return {
    id: 'tk-1',
    displayId: 'V123456789',
    title: 'Printer on fire',
    overview: 'It is **really** on fire.',
    severity: 2,
    status: 'OPEN',
    categoryId: 'c-general',
    typeId: 't-request',
    itemId: 'i-hardware',
    assigneeId: agent.id,
    createdById: admin.id,
    resolvedAt: null,
    createdAt: at,
    updatedAt: at,
    category: categories[0]!,
    type: types[0]!,
    item: items[1]!,
    assignee: { id: agent.id, username: agent.username, displayName: agent.displayName },
    createdBy: { id: admin.id, username: admin.username, displayName: admin.displayName },
    _count: { comments: 0 },
    ...overrides,
  };
}

export function makeComment(overrides: Partial<Comment> = {}): Comment {
  return {
    id: 'cm-1',
    body: 'A comment',
    ticketId: 'tk-1',
    authorId: agent.id,
    createdAt: at,
    updatedAt: at,
    author: { id: agent.id, username: agent.username, displayName: agent.displayName },
    ...overrides,
  };
}

export function makeDetail(overrides: Partial<TicketDetail> = {}): TicketDetail {
  return { ...makeTicket(), comments: [], ...overrides };
}
