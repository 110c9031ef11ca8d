import { describe, expect, it } from 'vitest';

import { createSseParser, type SseEvent } from './sse';

type Seen = { events: SseEvent[]; retries: number[]; comments: string[] };

/** Runs `chunks` through a parser and records everything it reported. */
function parse(chunks: (string | Uint8Array)[], end = false, lastEventId?: string) {
  const seen: Seen = { events: [], retries: [], comments: [] };
  const parser = createSseParser(
    {
      onEvent: (event) => seen.events.push(event),
      onRetry: (ms) => seen.retries.push(ms),
      onComment: (text) => seen.comments.push(text),
    },
    lastEventId,
  );
  for (const chunk of chunks) parser.push(chunk);
  if (end) parser.end();
  return { ...seen, lastEventId: parser.lastEventId };
}

const bytes = (text: string) => new TextEncoder().encode(text);

// A stream as the server's contract describes it, with a non-ASCII title to split mid-character.
const contractStream =
  'retry: 3000\n\n' +
  'id: 41\nevent: ticket.created\ndata: {"type":"ticket.created","title":"Café ☕ down"}\n\n' +
  ': keep-alive\n\n' +
  'id: 42\nevent: comment.added\ndata: {"type":"comment.added"}\n\n';

const contractEvents: SseEvent[] = [
  {
    id: '41',
    event: 'ticket.created',
    data: '{"type":"ticket.created","title":"Café ☕ down"}',
  },
  { id: '42', event: 'comment.added', data: '{"type":"comment.added"}' },
];

describe('createSseParser', () => {
  it('reads the retry line, events with ids and types, and heartbeat comments', () => {
    const seen = parse([contractStream]);
    expect(seen.retries).toEqual([3000]);
    expect(seen.events).toEqual(contractEvents);
    expect(seen.comments).toEqual(['keep-alive']);
    expect(seen.lastEventId).toBe('42');
  });

  it('gives the same events wherever the bytes are split into two chunks', () => {
    const all = bytes(contractStream);
    for (let at = 0; at <= all.length; at++) {
      const seen = parse([all.slice(0, at), all.slice(at)]);
      expect(seen.events, `split at byte ${at}`).toEqual(contractEvents);
      expect(seen.retries).toEqual([3000]);
    }
  });

  it('gives the same events when fed one byte at a time', () => {
    const all = bytes(contractStream);
    const seen = parse(Array.from(all, (b) => Uint8Array.of(b)));
    expect(seen.events).toEqual(contractEvents);
    expect(seen.comments).toEqual(['keep-alive']);
  });

  it('accepts CRLF, CR and LF line ends, also with CR and LF in different chunks', () => {
    const crlf = contractStream.replaceAll('\n', '\r\n');
    expect(parse([crlf]).events).toEqual(contractEvents);
    expect(parse([contractStream.replaceAll('\n', '\r')]).events).toEqual(contractEvents);
    for (let at = 0; at <= crlf.length; at++) {
      const seen = parse([crlf.slice(0, at), crlf.slice(at)]);
      expect(seen.events, `split at ${at}`).toEqual(contractEvents);
    }
    // A CR closing one chunk, an empty chunk, then the LF: still one line break.
    expect(parse(['data: a\r', '', '\n\r\n']).events).toEqual([
      { id: '', event: 'message', data: 'a' },
    ]);
  });

  it('joins multi-line data with newlines and strips only one space after the colon', () => {
    const seen = parse(['data: first\ndata:second\ndata:  indented\ndata\ndata: \n\n']);
    expect(seen.events).toEqual([
      { id: '', event: 'message', data: 'first\nsecond\n indented\n\n' },
    ]);
  });

  it('dispatches nothing for a block without data, yet keeps its id for the next event', () => {
    const seen = parse(['id: 7\nevent: ignored\n\n', 'data: x\n\n', 'id: 8\n\n']);
    expect(seen.events).toEqual([{ id: '7', event: 'message', data: 'x' }]);
    expect(seen.lastEventId).toBe('8');
  });

  it('drops an event the stream ended before closing, and ignores unknown fields', () => {
    const seen = parse(['foo: bar\nid: 1\ndata: done\n\nid: 2\ndata: half'], true);
    expect(seen.events).toEqual([{ id: '1', event: 'message', data: 'done' }]);
    expect(seen.lastEventId).toBe('1');
  });

  it('ignores a retry that is not a number and an id containing NUL', () => {
    const seen = parse(['retry: soon\nretry: 12a\nid: 3\n\nid: 4\0\ndata: x\n\n']);
    expect(seen.retries).toEqual([]);
    expect(seen.events).toEqual([{ id: '3', event: 'message', data: 'x' }]);
  });

  it('starts from the id it resumes after', () => {
    const seen = parse(['data: replayed\n\n'], false, '41');
    expect(seen.events).toEqual([{ id: '41', event: 'message', data: 'replayed' }]);
  });
});
