// Top-level query-key roots shared across features. Everything that belongs to tickets (lists,
// details with their comments, audit logs) lives under TICKETS_ROOT, so one invalidation (e.g. on a
// live server event) refreshes it all; features build their keys below these roots.
export const TICKETS_ROOT = ['tickets'] as const;
export const CTI_ROOT = ['cti'] as const;
export const USERS_ROOT = ['users'] as const;
