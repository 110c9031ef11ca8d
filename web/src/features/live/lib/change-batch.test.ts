import { afterEach, describe, expect, it, vi } from 'vitest';

import type { LiveEvent } from '@/types/api';

import { createChangeBatcher, type LiveChanges } from './change-batch';

afterEach(() => vi.useRealTimers());

const event = (type: LiveEvent['type'], ticketId: string, displayId = ''): LiveEvent => ({
  id: `ev-${ticketId}-${type}`,
  type,
  createdAt: '2026-03-30T10:00:00.000Z',
  ticketId,
  displayId,
  actor: null,
  ticket: null,
});

describe('createChangeBatcher', () => {
  it('hands a burst over once, each ticket once, after the window that the first event opened', () => {
    vi.useFakeTimers();
    const batches: LiveChanges[] = [];
    const batcher = createChangeBatcher((c) => batches.push(c), 250);
    for (let i = 0; i < 100; i++) batcher.add(event('comment.added', 'tk-1', 'V000000001'));
    batcher.add(event('ticket.deleted', 'tk-2', 'V000000002'));
    batcher.add(event('ticket.updated', 'tk-1'));
    vi.advanceTimersByTime(249);
    expect(batches).toHaveLength(0);
    vi.advanceTimersByTime(1);
    expect(batches).toEqual([
      {
        tickets: [
          { id: 'tk-1', displayId: 'V000000001', deleted: false },
          { id: 'tk-2', displayId: 'V000000002', deleted: true },
        ],
        resync: false,
      },
    ]);
  });

  it('is not postponed by a steady stream of events', () => {
    vi.useFakeTimers();
    const batches: LiveChanges[] = [];
    const batcher = createChangeBatcher((c) => batches.push(c), 250);
    for (let t = 0; t < 1000; t += 100) {
      batcher.add(event('ticket.updated', 'tk-1'));
      vi.advanceTimersByTime(100);
    }
    // Events at 0, 100, … 900 ms: handed over at 250, 550 and 850 ms, the last at 1150 ms.
    expect(batches).toHaveLength(3);
    vi.advanceTimersByTime(150);
    expect(batches).toHaveLength(4);
  });

  it('carries a resync, and forgets everything when cancelled', () => {
    vi.useFakeTimers();
    const batches: LiveChanges[] = [];
    const batcher = createChangeBatcher((c) => batches.push(c), 250);
    batcher.resync();
    vi.advanceTimersByTime(250);
    expect(batches).toEqual([{ tickets: [], resync: true }]);
    batcher.add(event('ticket.created', 'tk-3'));
    batcher.cancel();
    vi.advanceTimersByTime(1000);
    expect(batches).toHaveLength(1);
  });
});
