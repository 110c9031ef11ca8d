import { STATUS_LABELS } from '@/lib/labels';
import type { Status } from '@/types/api';

export function StatusIcon({ status, size = 14 }: { status: Status; size?: number }) {
  const common = {
    width: size,
    height: size,
    viewBox: '0 0 14 14',
    className: 'status__icon',
    'aria-hidden': true,
  } as const;
  switch (status) {
    case 'OPEN':
      return (
        <svg {...common}>
          <circle cx="7" cy="7" r="5.5" fill="none" stroke="currentColor" strokeWidth="1.6" />
        </svg>
      );
    case 'IN_PROGRESS':
      return (
        <svg {...common}>
          <circle cx="7" cy="7" r="5.5" fill="none" stroke="currentColor" strokeWidth="1.6" />
          <path d="M7 3.5a3.5 3.5 0 0 1 0 7z" fill="currentColor" />
        </svg>
      );
    case 'RESOLVED':
      return (
        <svg {...common}>
          <circle cx="7" cy="7" r="6.25" fill="currentColor" />
          <path
            d="m4.4 7.2 1.8 1.8 3.4-3.6"
            fill="none"
            stroke="var(--surface)"
            strokeWidth="1.5"
            strokeLinecap="round"
            strokeLinejoin="round"
          />
        </svg>
      );
    case 'CLOSED':
      return (
        <svg {...common}>
          <circle cx="7" cy="7" r="6.25" fill="currentColor" />
          <path
            d="m5 5 4 4M9 5 5 9"
            fill="none"
            stroke="var(--surface)"
            strokeWidth="1.5"
            strokeLinecap="round"
          />
        </svg>
      );
  }
}

export function StatusBadge({ status }: { status: Status }) {
  return (
    <span className={`status status--${status}`}>
      <StatusIcon status={status} />
      {STATUS_LABELS[status]}
    </span>
  );
}
