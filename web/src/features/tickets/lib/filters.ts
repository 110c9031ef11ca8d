import { SEVERITIES, STATUSES, type Severity, type Status } from '@/types/api';

/** Dashboard filters as they live in the URL query string. */
export type TicketFilters = {
  status: Status | null;
  severity: Severity | null;
  categoryId: string | null;
  search: string;
  page: number;
};

export const PAGE_SIZE = 50;

export const EMPTY_FILTERS: TicketFilters = {
  status: null,
  severity: null,
  categoryId: null,
  search: '',
  page: 1,
};

export function parseFilters(params: URLSearchParams): TicketFilters {
  const status = params.get('status');
  const severity = Number(params.get('severity'));
  const page = Number(params.get('page'));
  return {
    status: STATUSES.includes(status as Status) ? (status as Status) : null,
    severity: SEVERITIES.includes(severity as Severity) ? (severity as Severity) : null,
    categoryId: params.get('queue') || null,
    search: params.get('q') ?? '',
    page: Number.isInteger(page) && page > 1 ? page : 1,
  };
}

/** Only non-default values are written, so a plain dashboard keeps a clean URL. */
export function serializeFilters(filters: TicketFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.status) params.set('status', filters.status);
  if (filters.severity) params.set('severity', String(filters.severity));
  if (filters.categoryId) params.set('queue', filters.categoryId);
  if (filters.search.trim()) params.set('q', filters.search.trim());
  if (filters.page > 1) params.set('page', String(filters.page));
  return params;
}

export function hasActiveFilters(filters: TicketFilters): boolean {
  return Boolean(filters.status || filters.severity || filters.categoryId || filters.search.trim());
}

/** What is sent to GET /api/tickets. */
export type TicketListParams = {
  status?: Status;
  severity?: Severity;
  categoryId?: string;
  assigneeId?: string;
  search?: string;
  limit: number;
  offset: number;
};

export function toListParams(filters: TicketFilters, assigneeId?: string): TicketListParams {
  const params: TicketListParams = { limit: PAGE_SIZE, offset: (filters.page - 1) * PAGE_SIZE };
  if (filters.status) params.status = filters.status;
  if (filters.severity) params.severity = filters.severity;
  if (filters.categoryId) params.categoryId = filters.categoryId;
  if (filters.search.trim()) params.search = filters.search.trim();
  if (assigneeId) params.assigneeId = assigneeId;
  return params;
}
