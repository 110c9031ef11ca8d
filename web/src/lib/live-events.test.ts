import { afterEach, describe, expect, it, vi } from 'vitest';

import { eventStream, json, mockFetch, type MockRequest } from '@/testing/fetch-mock';
import { makeTicket } from '@/testing/fixtures';
import type { LiveEvent } from '@/types/api';

import { setUnauthorizedHandler } from './api-client';
import {
  connectLiveEvents,
  MAX_RETRY_MS,
  reconnectDelay,
  SILENCE_LIMIT_MS,
  type LiveConnection,
  type LiveStatus,
} from './live-events';
import { tokenStorage } from './token-storage';

let connection: LiveConnection | undefined;

afterEach(() => {
  connection?.close();
  connection = undefined;
  setUnauthorizedHandler(null);
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

/** One event as the server writes it: `id`, `event`, one-line JSON `data`, blank line. */
function frame(seq: number, type: LiveEvent['type'], ticketId = 'tk-1'): string {
  const data = {
    id: `ev-${seq}`,
    type,
    createdAt: '2026-03-30T10:00:00.000Z',
    ticketId,
    displayId: 'V123456789',
    actor: { id: 'u-admin', username: 'admin', displayName: 'Admin' },
    ticket: makeTicket({ id: ticketId }),
  };
  return `id: ${seq}\nevent: ${type}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** Serves the given replies to GET /api/events in order, one per connection attempt. */
function serveEvents(...replies: ((request: MockRequest) => unknown)[]) {
  let attempt = 0;
  return mockFetch({
    'GET /api/events': (request) => {
      const reply = replies[Math.min(attempt++, replies.length - 1)]!;
      return reply(request) as ReturnType<typeof json>;
    },
  });
}

function record() {
  const events: LiveEvent[] = [];
  const statuses: LiveStatus[] = [];
  const resumed = vi.fn();
  return {
    events,
    statuses,
    resumed,
    options: {
      onEvent: (event: LiveEvent) => events.push(event),
      onStatus: (status: LiveStatus) => statuses.push(status),
      onResume: resumed,
      random: () => 0,
    },
  };
}

/** Lets pending promises and zero-delay work run under fake timers. */
async function settle() {
  for (let i = 0; i < 10; i++) await vi.advanceTimersByTimeAsync(0);
}

describe('connectLiveEvents', () => {
  it('sends the token, delivers events, and resumes with Last-Event-ID after a dropped stream', async () => {
    tokenStorage.set('tok-live');
    const first = eventStream();
    const second = eventStream();
    const { calls } = serveEvents(
      () => first.reply,
      () => second.reply,
    );
    const seen = record();
    connection = connectLiveEvents(seen.options);

    await vi.waitFor(() => expect(seen.statuses).toContain('live'));
    // A short retry keeps the test quick; the client starts its backoff from it.
    first.send('retry: 5\n\n');
    first.send(frame(41, 'ticket.created'));
    first.send(': keep-alive\n\n' + frame(42, 'comment.added').slice(0, 30));
    first.send(frame(42, 'comment.added').slice(30));
    await vi.waitFor(() => expect(seen.events).toHaveLength(2));
    expect(seen.events.map((e) => e.type)).toEqual(['ticket.created', 'comment.added']);
    expect(seen.events[0]).toMatchObject({ ticketId: 'tk-1', displayId: 'V123456789' });
    expect(connection.lastEventId).toBe('42');
    expect(seen.resumed).not.toHaveBeenCalled();

    first.fail();
    await vi.waitFor(() => expect(calls).toHaveLength(2));
    expect(calls[0]?.headers.get('Authorization')).toBe('Bearer tok-live');
    expect(calls[0]?.headers.get('Accept')).toBe('text/event-stream');
    expect(calls[0]?.headers.has('Last-Event-ID')).toBe(false);
    expect(calls[1]?.headers.get('Last-Event-ID')).toBe('42');
    expect(calls[1]?.query.toString()).toBe('');

    second.send(frame(43, 'ticket.status_changed'));
    await vi.waitFor(() => expect(seen.events).toHaveLength(3));
    expect(seen.resumed).toHaveBeenCalledTimes(1);
    expect(seen.statuses).toEqual(['connecting', 'live', 'reconnecting', 'live']);
  });

  it('reconnects after the server ends the response, too', async () => {
    const first = eventStream();
    const second = eventStream();
    const { calls } = serveEvents(
      () => first.reply,
      () => second.reply,
    );
    const seen = record();
    connection = connectLiveEvents(seen.options);
    await vi.waitFor(() => expect(seen.statuses).toContain('live'));
    first.send('retry: 5\n\n' + frame(7, 'ticket.deleted'));
    await vi.waitFor(() => expect(seen.events).toHaveLength(1));
    first.end();
    await vi.waitFor(() => expect(calls).toHaveLength(2));
    expect(calls[1]?.headers.get('Last-Event-ID')).toBe('7');
  });

  it('backs off from the retry value while the server answers 503, then recovers', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const stream = eventStream();
    const unavailable = () => json({ error: 'database unavailable', code: 'unavailable' }, 503);
    const { calls } = serveEvents(unavailable, unavailable, unavailable, () => stream.reply);
    const seen = record();
    connection = connectLiveEvents(seen.options);

    await settle();
    expect(calls).toHaveLength(1);
    expect(seen.statuses).toEqual(['connecting', 'reconnecting']);
    await vi.advanceTimersByTimeAsync(2999);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await settle();
    expect(calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(5999);
    expect(calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    await settle();
    expect(calls).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(12_000);
    await settle();
    expect(calls).toHaveLength(4);
    expect(seen.statuses.at(-1)).toBe('live');
  });

  it('reconnects when the stream falls silent for longer than three heartbeats', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const first = eventStream();
    const second = eventStream();
    const { calls } = serveEvents(
      () => first.reply,
      () => second.reply,
    );
    connection = connectLiveEvents(record().options);
    await settle();
    first.send(frame(5, 'ticket.updated'));
    await vi.advanceTimersByTimeAsync(SILENCE_LIMIT_MS - 1000);
    first.send(': keep-alive\n\n');
    await vi.advanceTimersByTimeAsync(SILENCE_LIMIT_MS - 1000);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1000 + 3000);
    await settle();
    expect(calls).toHaveLength(2);
    expect(calls[1]?.headers.get('Last-Event-ID')).toBe('5');
  });

  it('hands a 401 to the app and stops', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const unauthorized = vi.fn();
    setUnauthorizedHandler(unauthorized);
    const { calls } = serveEvents(() => json({ error: 'token expired' }, 401));
    connection = connectLiveEvents(record().options);
    await settle();
    expect(unauthorized).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(MAX_RETRY_MS * 2);
    expect(calls).toHaveLength(1);
  });

  it('reports a server without the feed as unavailable and does not retry', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { calls } = serveEvents(() => json({ error: 'Not found' }, 404));
    const seen = record();
    connection = connectLiveEvents(seen.options);
    await settle();
    await vi.advanceTimersByTimeAsync(MAX_RETRY_MS * 2);
    expect(calls).toHaveLength(1);
    expect(seen.statuses).toEqual(['connecting', 'unavailable']);
  });

  it('skips events it does not understand and keeps reading', async () => {
    const stream = eventStream();
    serveEvents(() => stream.reply);
    const seen = record();
    connection = connectLiveEvents(seen.options);
    await vi.waitFor(() => expect(seen.statuses).toContain('live'));
    stream.send('id: 1\nevent: ticket.created\ndata: {not json\n\n');
    stream.send('id: 2\nevent: user.created\ndata: {"ticketId":"x"}\n\n');
    stream.send('id: 3\nevent: ticket.updated\ndata: {"id":"ev"}\n\n');
    stream.send(frame(4, 'ticket.updated'));
    await vi.waitFor(() => expect(seen.events).toHaveLength(1));
    expect(connection.lastEventId).toBe('4');
  });

  it('stops reading and reconnecting once closed', async () => {
    const stream = eventStream();
    const { calls } = serveEvents(() => stream.reply);
    const seen = record();
    connection = connectLiveEvents(seen.options);
    await vi.waitFor(() => expect(seen.statuses).toContain('live'));
    stream.send('retry: 1\n\n');
    connection.close();
    await vi.waitFor(() => expect(stream.cancelled).toBe(true));
    await new Promise((r) => setTimeout(r, 30));
    expect(calls).toHaveLength(1);
    expect(seen.statuses).toEqual(['connecting', 'live']);
  });
});

describe('reconnectDelay', () => {
  it('doubles from the retry value up to 30 s, with at most 20% jitter', () => {
    expect([0, 1, 2, 3, 4, 8].map((n) => reconnectDelay(3000, n, () => 0))).toEqual([
      3000, 6000, 12_000, 24_000, 30_000, 30_000,
    ]);
    expect(reconnectDelay(3000, 0, () => 0.999)).toBeLessThanOrEqual(3600);
    expect(reconnectDelay(3000, 10, () => 0.999)).toBeLessThanOrEqual(MAX_RETRY_MS * 1.2);
  });
});
