import type { LiveEvent, LiveEventType } from '@/types/api';

import { apiStream, isApiError } from './api-client';
import { createSseParser, type SseEvent } from './sse';

// The live feed, GET /api/events: one long-lived Server-Sent Events response read with fetch()
// (EventSource cannot send the bearer token). A broken stream is reopened with Last-Event-ID
// so the server replays what was missed.

/** `unavailable`: the server refused the feed for good (no such endpoint, not allowed). */
export type LiveStatus = 'connecting' | 'live' | 'reconnecting' | 'unavailable';

export type LiveConnectionOptions = {
  onEvent: (event: LiveEvent) => void;
  onStatus?: (status: LiveStatus) => void;
  /**
   * A stream opened after an earlier one (or after `lastEventId`). The server replays what it
   * still holds; this is the moment to refresh anything that may have been missed anyway.
   */
  onResume?: () => void;
  /**
   * Continue a feed closed earlier (e.g. while the tab was hidden) after this event; '' when it
   * had none. Given at all, the first stream counts as resumed.
   */
  lastEventId?: string;
  random?: () => number;
};

export type LiveConnection = {
  /** Ends the stream and any pending reconnect; no callback runs afterwards. */
  close: () => void;
  readonly lastEventId: string;
};

export const DEFAULT_RETRY_MS = 3000;
export const MAX_RETRY_MS = 30_000;
/** The server sends a heartbeat every 15 s; three missing ones mean the connection is dead. */
export const SILENCE_LIMIT_MS = 45_000;

const EVENT_TYPES: ReadonlySet<string> = new Set<LiveEventType>([
  'ticket.created',
  'ticket.updated',
  'ticket.status_changed',
  'ticket.deleted',
  'comment.added',
  'comment.deleted',
]);

/** Waits `retryMs`, doubling per failed attempt up to 30 s, plus up to 20% jitter. */
export function reconnectDelay(retryMs: number, failures: number, random = Math.random): number {
  const base = Math.min(MAX_RETRY_MS, retryMs * 2 ** failures);
  return Math.round(base * (1 + 0.2 * random()));
}

/** The event's JSON, or null for anything this client does not understand. */
function toLiveEvent(message: SseEvent): LiveEvent | null {
  if (!EVENT_TYPES.has(message.event)) return null;
  let data: unknown;
  try {
    data = JSON.parse(message.data);
  } catch {
    return null;
  }
  if (typeof data !== 'object' || data === null) return null;
  const event = data as Partial<LiveEvent>;
  if (typeof event.ticketId !== 'string') return null;
  return {
    ...event,
    type: message.event as LiveEventType,
    displayId: typeof event.displayId === 'string' ? event.displayId : '',
  } as LiveEvent;
}

/** 4xx answers other than timeouts and rate limits will not change by asking again. */
function isPermanent(error: unknown): boolean {
  return (
    isApiError(error) &&
    error.status >= 400 &&
    error.status < 500 &&
    error.status !== 408 &&
    error.status !== 429
  );
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((done) => {
    const timer = setTimeout(finish, ms);
    signal.addEventListener('abort', finish, { once: true });
    function finish() {
      clearTimeout(timer);
      signal.removeEventListener('abort', finish);
      done();
    }
  });
}

export function connectLiveEvents(options: LiveConnectionOptions): LiveConnection {
  const closed = new AbortController();
  let lastEventId = options.lastEventId ?? '';
  let retryMs = DEFAULT_RETRY_MS;
  let failures = 0;
  let resuming = options.lastEventId !== undefined;
  let status: LiveStatus | null = null;

  const setStatus = (next: LiveStatus) => {
    if (closed.signal.aborted || next === status) return;
    status = next;
    options.onStatus?.(next);
  };

  const deliver = (message: SseEvent) => {
    const event = toLiveEvent(message);
    if (!event || closed.signal.aborted) return;
    try {
      options.onEvent(event);
    } catch (error) {
      // A failing listener must not end the feed.
      console.error('live event handler failed', error);
    }
  };

  /** One response, read to its end. Resolves 'unsupported' when it is not an event stream. */
  async function openStream(): Promise<'ended' | 'unsupported'> {
    const attempt = new AbortController();
    const abort = () => attempt.abort();
    closed.signal.addEventListener('abort', abort);
    let silence: ReturnType<typeof setTimeout> | undefined;
    const watch = () => {
      clearTimeout(silence);
      silence = setTimeout(abort, SILENCE_LIMIT_MS);
    };
    watch();
    try {
      const response = await apiStream('/events', {
        headers: lastEventId ? { 'Last-Event-ID': lastEventId } : undefined,
        signal: attempt.signal,
      });
      const type = response.headers.get('Content-Type') ?? '';
      if (!response.body || !type.startsWith('text/event-stream')) {
        await response.body?.cancel().catch(() => undefined);
        return 'unsupported';
      }
      setStatus('live');
      failures = 0;
      if (resuming) options.onResume?.();
      resuming = true;

      const parser = createSseParser(
        { onEvent: deliver, onRetry: (ms) => (retryMs = ms) },
        lastEventId,
      );
      const reader = response.body.getReader();
      // Ends a pending read at once, whatever the fetch implementation does with the signal.
      attempt.signal.addEventListener('abort', () => void reader.cancel().catch(() => undefined));
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return 'ended';
        watch();
        parser.push(value);
        lastEventId = parser.lastEventId;
      }
    } finally {
      clearTimeout(silence);
      closed.signal.removeEventListener('abort', abort);
    }
  }

  async function run(): Promise<void> {
    setStatus('connecting');
    while (!closed.signal.aborted) {
      try {
        if ((await openStream()) === 'unsupported') {
          setStatus('unavailable');
          return;
        }
      } catch (error) {
        if (closed.signal.aborted) return;
        // api-client has already handed a 401 to the auth layer, which ends the session.
        if (isApiError(error) && error.status === 401) return;
        if (isPermanent(error)) {
          setStatus('unavailable');
          return;
        }
      }
      if (closed.signal.aborted) return;
      setStatus('reconnecting');
      await sleep(reconnectDelay(retryMs, failures++, options.random), closed.signal);
    }
  }

  void run();
  return {
    close: () => closed.abort(),
    get lastEventId() {
      return lastEventId;
    },
  };
}
