import type { LiveEvent } from '@/types/api';

/** What changed during one batching window, reduced to what caches need to know. */
export type LiveChanges = {
  /** Each ticket touched, once, by internal id, with its display id (the other URL form). */
  tickets: { id: string; displayId: string; deleted: boolean }[];
  /** The feed reconnected: events may have been missed, so refresh everything ticket-related. */
  resync: boolean;
};

export type ChangeBatcher = {
  add: (event: LiveEvent) => void;
  resync: () => void;
  cancel: () => void;
};

/**
 * Collects events for `windowMs` after the first one and hands them over in one batch, so a
 * burst of 100 events costs one round of refetches. The window starts at the first event (it is
 * not a debounce that a steady stream could postpone forever).
 */
export function createChangeBatcher(
  flush: (changes: LiveChanges) => void,
  windowMs: number,
): ChangeBatcher {
  let tickets = new Map<string, LiveChanges['tickets'][number]>();
  let resync = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const run = () => {
    timer = undefined;
    const changes: LiveChanges = { tickets: [...tickets.values()], resync };
    tickets = new Map();
    resync = false;
    flush(changes);
  };
  const schedule = () => {
    timer ??= setTimeout(run, windowMs);
  };

  return {
    add: (event) => {
      const seen = tickets.get(event.ticketId);
      tickets.set(event.ticketId, {
        id: event.ticketId,
        displayId: event.displayId || (seen?.displayId ?? ''),
        deleted: event.type === 'ticket.deleted' || (seen?.deleted ?? false),
      });
      schedule();
    },
    resync: () => {
      resync = true;
      schedule();
    },
    cancel: () => {
      clearTimeout(timer);
      timer = undefined;
      tickets = new Map();
      resync = false;
    },
  };
}
