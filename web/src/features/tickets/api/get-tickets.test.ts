import { afterEach, describe, expect, it, vi } from 'vitest';

import { json, mockFetch } from '@/testing/fetch-mock';
import { makeTicket } from '@/testing/fixtures';

import { getTickets } from './get-tickets';

afterEach(() => vi.unstubAllGlobals());

const many = (n: number) => Array.from({ length: n }, (_, i) => makeTicket({ id: `t${i}` }));

describe('getTickets', () => {
  it('uses X-Total-Count when the server pages', async () => {
    const { calls } = mockFetch({
      'GET /api/tickets': json(many(2), 200, { 'X-Total-Count': '1234' }),
    });
    const page = await getTickets({ limit: 2, offset: 4 });
    expect(page.total).toBe(1234);
    expect(page.tickets).toHaveLength(2);
    expect(calls[0]?.query.get('limit')).toBe('2');
    expect(calls[0]?.query.get('offset')).toBe('4');
  });

  it('pages locally when the server ignores limit (no header, whole list)', async () => {
    mockFetch({ 'GET /api/tickets': many(120) });
    const page = await getTickets({ limit: 50, offset: 100 });
    expect(page.total).toBe(120);
    expect(page.tickets.map((t) => t.id)).toEqual(
      many(120)
        .slice(100)
        .map((t) => t.id),
    );
  });
});
