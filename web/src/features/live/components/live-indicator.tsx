import type { LiveStatus } from '@/lib/live-events';

import { useLiveStatus } from '../live-provider';

// label: shown; spoken: read by screen readers instead; hint: the tooltip.
const TEXT: Record<LiveStatus, { label: string; spoken: string; hint: string }> = {
  connecting: {
    label: 'Connecting…',
    spoken: 'Connecting to live updates',
    hint: 'Connecting to live updates',
  },
  live: {
    label: 'Live',
    spoken: 'Live updates on',
    hint: 'Changes made by others appear as they happen',
  },
  reconnecting: {
    label: 'Reconnecting…',
    spoken: 'Live updates interrupted, reconnecting',
    hint: 'The live connection dropped; changes made by others appear once it is back',
  },
  unavailable: {
    label: 'Not live',
    spoken: 'Live updates unavailable',
    hint: 'This server sends no live updates: reload to see changes made by others',
  },
};

/**
 * A dot and a word for the state of the live feed. `compact` (the phone header) shows the dot
 * only and hides from assistive technology, which reads the full one in the navigation.
 */
export function LiveIndicator({ compact = false }: { compact?: boolean }) {
  const status = useLiveStatus();
  if (status === null) return null;
  const { label, spoken, hint } = TEXT[status];
  if (compact) {
    return (
      <span
        className="live-indicator live-indicator--compact"
        data-status={status}
        title={hint}
        aria-hidden="true"
      >
        <span className="live-indicator__dot" />
      </span>
    );
  }
  return (
    <span className="live-indicator" data-status={status} title={hint} role="status">
      <span className="live-indicator__dot" aria-hidden="true" />
      <span aria-hidden="true">{label}</span>
      <span className="visually-hidden">{spoken}</span>
    </span>
  );
}
