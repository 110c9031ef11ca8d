import { USERS_ROOT } from '@/lib/query-roots';

export const userKeys = {
  all: USERS_ROOT,
  list: () => [...userKeys.all, 'list'] as const,
};
