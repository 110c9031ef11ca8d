import { tokenStorage } from './token-storage';

export type FieldErrors = Record<string, string>;

/** Every failed API call throws this: the server's `{error, code, fields}` or a stand-in. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: FieldErrors;

  constructor(status: number, code: string, message: string, fields: FieldErrors = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fields = fields;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** A message a person can read, whatever was thrown. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error && error.message) return error.message;
  return 'Something went wrong. Please try again.';
}

type UnauthorizedHandler = () => void;
let onUnauthorized: UnauthorizedHandler | null = null;

/** The auth layer registers what a 401 does (drop the session, go to the login page). */
export function setUnauthorizedHandler(handler: UnauthorizedHandler | null): void {
  onUnauthorized = handler;
}

export type RequestOptions = {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  query?: Record<string, string | number | boolean | null | undefined>;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** A 401 on this call is an answer (wrong password), not an expired session. */
  skipUnauthorizedHandler?: boolean;
};

export type ApiResponse<T> = { data: T; headers: Headers; status: number };

const BASE = '/api';

function buildUrl(path: string, query?: RequestOptions['query']): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  return `${BASE}${path}${qs ? `?${qs}` : ''}`;
}

const STATUS_TEXT: Record<number, string> = {
  400: 'The request was not accepted.',
  401: 'Your session has ended. Please sign in again.',
  403: 'You do not have permission to do that.',
  404: 'Not found.',
  409: 'That conflicts with the current state.',
  412: 'Someone else changed this in the meantime.',
  429: 'Too many requests. Please wait a moment.',
};

function defaultCode(status: number): string {
  if (status === 400) return 'invalid_input';
  if (status === 401) return 'unauthenticated';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status === 412) return 'precondition_failed';
  return status >= 500 ? 'server_error' : 'error';
}

async function parseBody(response: Response): Promise<unknown> {
  if (response.status === 204) return null;
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function toApiError(status: number, body: unknown): ApiError {
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const fields: FieldErrors = {};
  if (typeof record.fields === 'object' && record.fields !== null) {
    for (const [key, value] of Object.entries(record.fields as Record<string, unknown>)) {
      if (typeof value === 'string') fields[key] = value;
    }
  }
  const message =
    typeof record.error === 'string' && record.error
      ? record.error
      : (STATUS_TEXT[status] ??
        (status >= 500
          ? 'The server ran into a problem. Please try again.'
          : `Request failed (${status}).`));
  const code = typeof record.code === 'string' && record.code ? record.code : defaultCode(status);
  return new ApiError(status, code, message, fields);
}

function requestHeaders(accept: string, extra?: Record<string, string>): Record<string, string> {
  const headers: Record<string, string> = { Accept: accept, ...extra };
  const token = tokenStorage.get();
  if (token) headers.Authorization = `Bearer ${token}`;
  return headers;
}

async function send(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'network_error', 'Cannot reach the server. Check your connection.');
  }
}

/** The error for a non-2xx answer; a 401 also runs the auth layer's handler unless told not to. */
async function failure(
  response: Response,
  options: Pick<RequestOptions, 'skipUnauthorizedHandler'>,
): Promise<ApiError> {
  const error = toApiError(response.status, await parseBody(response));
  if (response.status === 401 && !options.skipUnauthorizedHandler) onUnauthorized?.();
  return error;
}

/** Low-level call returning data plus headers (for X-Total-Count and ETag). */
export async function apiRequest<T>(
  path: string,
  options: RequestOptions = {},
): Promise<ApiResponse<T>> {
  const headers = requestHeaders('application/json', options.headers);
  let body: string | undefined;
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }

  const response = await send(buildUrl(path, options.query), {
    method: options.method ?? 'GET',
    headers,
    body,
    signal: options.signal,
  });
  if (!response.ok) throw await failure(response, options);
  return {
    data: (await parseBody(response)) as T,
    headers: response.headers,
    status: response.status,
  };
}

/**
 * Opens a long-lived GET whose body the caller reads as it arrives (the Server-Sent Events feed).
 * Same token, errors and 401 handling as apiRequest; only the 2xx body is left unread.
 */
export async function apiStream(
  path: string,
  options: Pick<RequestOptions, 'headers' | 'signal'> = {},
): Promise<Response> {
  const response = await send(buildUrl(path), {
    method: 'GET',
    headers: requestHeaders('text/event-stream', options.headers),
    signal: options.signal,
  });
  if (!response.ok) throw await failure(response, {});
  return response;
}

export const api = {
  get: async <T>(path: string, options?: Omit<RequestOptions, 'method' | 'body'>) =>
    (await apiRequest<T>(path, { ...options, method: 'GET' })).data,
  post: async <T>(path: string, body?: unknown, options?: RequestOptions) =>
    (await apiRequest<T>(path, { ...options, method: 'POST', body })).data,
  put: async <T>(path: string, body?: unknown, options?: RequestOptions) =>
    (await apiRequest<T>(path, { ...options, method: 'PUT', body })).data,
  patch: async <T>(path: string, body?: unknown, options?: RequestOptions) =>
    (await apiRequest<T>(path, { ...options, method: 'PATCH', body })).data,
  delete: async (path: string, options?: RequestOptions) => {
    await apiRequest<null>(path, { ...options, method: 'DELETE' });
  },
};
