import { afterEach, describe, expect, it, vi } from 'vitest';

import { json, mockFetch } from '@/testing/fetch-mock';

import { api, ApiError, apiRequest, errorMessage, setUnauthorizedHandler } from './api-client';
import { tokenStorage } from './token-storage';

afterEach(() => {
  setUnauthorizedHandler(null);
  vi.unstubAllGlobals();
});

describe('api-client', () => {
  it('sends the bearer token and drops empty query values', async () => {
    tokenStorage.set('tok-123');
    const { calls } = mockFetch({ 'GET /api/tickets': [] });
    await api.get('/tickets', {
      query: { status: 'OPEN', search: '', severity: undefined, limit: 50 },
    });
    expect(calls[0]?.headers.get('Authorization')).toBe('Bearer tok-123');
    expect(calls[0]?.query.toString()).toBe('status=OPEN&limit=50');
  });

  it('turns an error body into an ApiError with status, code, message and fields', async () => {
    mockFetch({
      'POST /api/users': json(
        { error: 'email is not valid', code: 'invalid_input', fields: { email: 'not an email' } },
        400,
      ),
    });
    const error = await api.post('/users', { email: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 400,
      code: 'invalid_input',
      message: 'email is not valid',
      fields: { email: 'not an email' },
    });
  });

  it('gives a readable message when the server sends no JSON', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response('<html>Bad gateway</html>', { status: 502 })),
    );
    const error = (await api.get('/tickets').catch((e: unknown) => e)) as ApiError;
    expect(error.status).toBe(502);
    expect(error.code).toBe('server_error');
    expect(error.message).toMatch(/server ran into a problem/i);
  });

  it('keeps the original error string of the reference server (no code)', async () => {
    mockFetch({ 'DELETE /api/cti/items/i1': json({ error: 'Item is used by 3 tickets' }, 409) });
    const error = (await api.delete('/cti/items/i1').catch((e: unknown) => e)) as ApiError;
    expect(error).toMatchObject({
      status: 409,
      code: 'conflict',
      message: 'Item is used by 3 tickets',
    });
    expect(errorMessage(error)).toBe('Item is used by 3 tickets');
  });

  it('calls the unauthorized handler on 401, except when the caller expects a 401', async () => {
    const onUnauthorized = vi.fn();
    setUnauthorizedHandler(onUnauthorized);
    mockFetch({
      'GET /api/auth/me': json({ error: 'Invalid or expired token' }, 401),
      'POST /api/auth/login': json({ error: 'Invalid credentials' }, 401),
    });
    await expect(api.get('/auth/me')).rejects.toMatchObject({ status: 401 });
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
    await expect(
      api.post('/auth/login', {}, { skipUnauthorizedHandler: true }),
    ).rejects.toMatchObject({ status: 401 });
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });

  it('reports an unreachable server as a network error', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))),
    );
    await expect(api.get('/tickets')).rejects.toMatchObject({ status: 0, code: 'network_error' });
  });

  it('returns null for 204 and exposes response headers', async () => {
    mockFetch({
      'DELETE /api/tickets/t1': { status: 204 },
      'GET /api/tickets': json([], 200, { 'X-Total-Count': '7' }),
    });
    await expect(api.delete('/tickets/t1')).resolves.toBeUndefined();
    const response = await apiRequest('/tickets');
    expect(response.headers.get('X-Total-Count')).toBe('7');
  });

  it('sends JSON bodies with a content type', async () => {
    const { calls } = mockFetch({ 'PATCH /api/tickets/t1': json({}) });
    await api.patch('/tickets/t1', { status: 'RESOLVED' }, { headers: { 'If-Match': '"v3"' } });
    expect(calls[0]?.headers.get('Content-Type')).toBe('application/json');
    expect(calls[0]?.headers.get('If-Match')).toBe('"v3"');
    expect(calls[0]?.body).toEqual({ status: 'RESOLVED' });
  });
});
