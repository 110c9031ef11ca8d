// A Server-Sent Events parser after the HTML standard's "event stream interpretation", for
// streams read with fetch(): EventSource cannot send the Authorization header the API requires.

export type SseEvent = {
  /** The stream's last event id when this event was dispatched (ids carry over, as specified). */
  id: string;
  /** The `event:` field; `message` when the event named none. */
  event: string;
  /** The `data:` lines joined with newlines. */
  data: string;
};

export type SseHandlers = {
  onEvent: (event: SseEvent) => void;
  /** A `retry:` field: the reconnection delay the server asks for, in milliseconds. */
  onRetry?: (ms: number) => void;
  /** A comment line such as the server's `: keep-alive`. */
  onComment?: (text: string) => void;
};

export type SseParser = {
  /** Feeds bytes as read from the body, or text. Chunks may split lines, CRLFs and characters. */
  push: (chunk: Uint8Array | string) => void;
  /** End of stream: an event not yet closed by a blank line is dropped, as specified. */
  end: () => void;
  /** The id to send back as Last-Event-ID when reconnecting. */
  readonly lastEventId: string;
};

const LF = 10;
const CR = 13;

export function createSseParser(handlers: SseHandlers, initialLastEventId = ''): SseParser {
  const decoder = new TextDecoder('utf-8');
  let partial = '';
  // The previous chunk ended with CR: a LF opening the next one completes that CRLF.
  let skipLf = false;
  let lastEventId = initialLastEventId;
  let idBuffer = initialLastEventId;
  let eventType = '';
  let data: string[] = [];

  const dispatch = () => {
    lastEventId = idBuffer;
    const lines = data;
    const type = eventType;
    data = [];
    eventType = '';
    if (lines.length === 0) return;
    handlers.onEvent({ id: lastEventId, event: type || 'message', data: lines.join('\n') });
  };

  const processLine = (line: string) => {
    if (line === '') {
      dispatch();
      return;
    }
    if (line.startsWith(':')) {
      handlers.onComment?.(line.slice(1).trimStart());
      return;
    }
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') eventType = value;
    else if (field === 'data') data.push(value);
    else if (field === 'id' && !value.includes('\0')) idBuffer = value;
    else if (field === 'retry' && /^\d+$/.test(value)) handlers.onRetry?.(Number(value));
    // Any other field is ignored.
  };

  const feed = (text: string) => {
    if (text === '') return;
    let start = skipLf && text.charCodeAt(0) === LF ? 1 : 0;
    skipLf = false;
    for (let i = start; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c !== LF && c !== CR) continue;
      const line = partial + text.slice(start, i);
      partial = '';
      if (c === CR) {
        if (i + 1 === text.length) skipLf = true;
        else if (text.charCodeAt(i + 1) === LF) i++;
      }
      start = i + 1;
      processLine(line);
    }
    partial += text.slice(start);
  };

  return {
    push: (chunk) =>
      feed(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true })),
    end: () => {
      feed(decoder.decode());
      partial = '';
      data = [];
      eventType = '';
    },
    get lastEventId() {
      return lastEventId;
    },
  };
}
