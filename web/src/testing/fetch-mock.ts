import { vi } from 'vitest';

export type MockRequest = {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  headers: Headers;
};
type Handler = (request: MockRequest) => MockReply | Promise<MockReply>;
export type MockReply =
  { status?: number; body?: unknown; headers?: Record<string, string> } | unknown[];

/**
 * Replaces global fetch with a router over "METHOD /api/path" keys. Unmatched calls fail the
 * test loudly. A ReadableStream body is sent as is (see `eventStream`). Returns the recorded
 * requests.
 */
export function mockFetch(routes: Record<string, Handler | MockReply>) {
  const calls: MockRequest[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const raw = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const url = new URL(raw, 'http://localhost');
    const method = (init?.method ?? 'GET').toUpperCase();
    const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined;
    const request: MockRequest = {
      method,
      path: url.pathname,
      query: url.searchParams,
      body,
      headers: new Headers(init?.headers),
    };
    calls.push(request);
    const route = routes[`${method} ${url.pathname}`];
    if (route === undefined)
      throw new Error(`Unexpected request ${method} ${url.pathname}${url.search}`);
    const reply = typeof route === 'function' ? await route(request) : route;
    const normal: { status?: number; body?: unknown; headers?: Record<string, string> } =
      Array.isArray(reply) ? { status: 200, body: reply } : reply;
    const status = normal.status ?? 200;
    const text =
      normal.body === undefined || status === 204
        ? null
        : normal.body instanceof ReadableStream
          ? (normal.body as ReadableStream<Uint8Array>)
          : JSON.stringify(normal.body);
    return new Response(text, {
      status,
      headers: { 'Content-Type': 'application/json', ...normal.headers },
    });
  });
  vi.stubGlobal('fetch', fetchMock);
  return { calls, fetchMock };
}

/** Replies with JSON `body` and status 200. */
export const json = (body: unknown, status = 200, headers?: Record<string, string>) => ({
  status,
  body,
  headers,
});

/** A streamed response body the test writes to as it goes, e.g. a Server-Sent Events feed. */
export function eventStream() {
  const encoder = new TextEncoder();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let cancelled = false;
  const body = new ReadableStream<Uint8Array>({
    start: (c) => {
      controller = c;
    },
    cancel: () => {
      cancelled = true;
    },
  });
  return {
    /** The client stopped reading (closed the connection). */
    get cancelled() {
      return cancelled;
    },
    reply: { status: 200, body, headers: { 'Content-Type': 'text/event-stream' } },
    send: (text: string) => controller.enqueue(encoder.encode(text)),
    /** The server ends the response. */
    end: () => controller.close(),
    /** The connection drops mid-stream. */
    fail: () => controller.error(new TypeError('network error')),
  };
}
