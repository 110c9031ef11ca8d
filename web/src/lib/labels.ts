import type { Role, Severity, Status } from '@/types/api';

export const STATUS_LABELS: Record<Status, string> = {
  OPEN: 'Open',
  IN_PROGRESS: 'In Progress',
  RESOLVED: 'Resolved',
  CLOSED: 'Closed',
};

export const SEVERITY_LABELS: Record<Severity, string> = {
  1: 'Critical',
  2: 'High',
  3: 'Medium',
  4: 'Low',
  5: 'Minimal',
};

export const SEVERITY_HINTS: Record<Severity, string> = {
  1: 'Immediate action required',
  2: 'Significant impact',
  3: 'Standard priority',
  4: 'Minor issue',
  5: 'Informational / automated',
};

export const ROLE_LABELS: Record<Role, string> = {
  ADMIN: 'Admin',
  AGENT: 'Agent',
  USER: 'User',
  SERVICE: 'Service',
};
