import type { Role, Status } from '@/types/api';

// The UI mirror of the server's role × action table. The server stays the authority:
// these only decide which controls to show.
type Actor = { id: string; role: Role } | null | undefined;

export const can = {
  createTicket: (actor: Actor) => actor?.role === 'ADMIN' || actor?.role === 'AGENT',
  editTicket: (actor: Actor) => actor?.role === 'ADMIN' || actor?.role === 'AGENT',
  deleteTicket: (actor: Actor) => actor?.role === 'ADMIN',
  setStatus: (actor: Actor, status: Status) =>
    status === 'CLOSED' ? actor?.role === 'ADMIN' : can.editTicket(actor),
  comment: (actor: Actor) => Boolean(actor),
  deleteComment: (actor: Actor, authorId: string) =>
    actor?.role === 'ADMIN' || (Boolean(actor) && actor?.id === authorId),
  administer: (actor: Actor) => actor?.role === 'ADMIN',
};
