import { QueryClient, QueryClientProvider, type QueryKey } from '@tanstack/react-query';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactNode } from 'react';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { auditKeys } from '@/features/audit/api/get-audit';
import { LiveIndicator } from '@/features/live';
import { HIDDEN_GRACE_MS } from '@/features/live/live-provider';
import { ticketKeys } from '@/features/tickets/api/keys';
import { TicketDetail } from '@/features/tickets/components/ticket-detail';
import { eventStream, json, mockFetch } from '@/testing/fetch-mock';
import { admin, makeDetail } from '@/testing/fixtures';
import type { LiveEvent } from '@/types/api';

import { LiveUpdates } from './live-updates';

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

function frame(seq: number, type: LiveEvent['type'], ticketId: string, displayId: string) {
  const data = {
    id: `ev-${seq}`,
    type,
    createdAt: '2026-03-30T10:00:00.000Z',
    ticketId,
    displayId,
  };
  return `id: ${seq}\nevent: ${type}\ndata: ${JSON.stringify({ ...data, ticket: null, actor: null })}\n\n`;
}

function renderLive(children: ReactNode, queryClient = new QueryClient()) {
  render(
    <QueryClientProvider client={queryClient}>
      <MemoryRouter>
        <LiveUpdates>
          <LiveIndicator />
          {children}
        </LiveUpdates>
      </MemoryRouter>
    </QueryClientProvider>,
  );
  return queryClient;
}

const list = [...ticketKeys.lists(), { limit: 50, offset: 0 }];
const myList = [...ticketKeys.lists(), { assigneeId: 'u-agent', limit: 50, offset: 0 }];
const seeded: Record<string, QueryKey> = {
  list,
  myList,
  detailById: ticketKeys.detail('tk-1'),
  detailByDisplayId: ticketKeys.detail('V000000001'),
  detailByLowercaseDisplayId: ticketKeys.detail('v000000001'),
  audit: auditKeys.forTicket('tk-1'),
  otherDetail: ticketKeys.detail('tk-2'),
  otherAudit: auditKeys.forTicket('tk-2'),
  cti: ['cti', 'tree'],
  users: ['users', 'list'],
};

function seed(queryClient: QueryClient) {
  for (const key of Object.values(seeded)) queryClient.setQueryData(key, { seeded: true });
}

function invalidated(queryClient: QueryClient): string[] {
  return Object.entries(seeded)
    .filter(([, key]) => queryClient.getQueryState(key)?.isInvalidated)
    .map(([name]) => name);
}

describe('LiveUpdates', () => {
  it('marks the lists, the ticket under both URL forms and its audit log stale, once per burst', async () => {
    const stream = eventStream();
    mockFetch({ 'GET /api/events': stream.reply });
    const queryClient = new QueryClient();
    seed(queryClient);
    const invalidate = vi.spyOn(queryClient, 'invalidateQueries');
    renderLive(null, queryClient);
    expect(await screen.findByText('Live updates on')).toBeInTheDocument();

    let burst = '';
    for (let seq = 1; seq <= 100; seq++) burst += frame(seq, 'comment.added', 'tk-1', 'V000000001');
    stream.send(burst);

    await waitFor(() => expect(invalidate).toHaveBeenCalled());
    // One round (lists, details, audit log) for the hundred events.
    await new Promise((r) => setTimeout(r, 400));
    expect(invalidate).toHaveBeenCalledTimes(3);
    expect(invalidated(queryClient)).toEqual([
      'list',
      'myList',
      'detailById',
      'detailByDisplayId',
      'detailByLowercaseDisplayId',
      'audit',
    ]);
  });

  it('refreshes everything about tickets after the stream reconnects', async () => {
    const first = eventStream();
    const second = eventStream();
    let attempt = 0;
    const { calls } = mockFetch({
      'GET /api/events': () => (attempt++ === 0 ? first.reply : second.reply),
    });
    const queryClient = new QueryClient();
    seed(queryClient);
    renderLive(null, queryClient);
    expect(await screen.findByText('Live updates on')).toBeInTheDocument();
    first.send('retry: 5\n\n' + frame(8, 'ticket.updated', 'tk-2', 'V000000002'));
    await waitFor(() => expect(invalidated(queryClient)).toContain('otherDetail'));
    for (const key of Object.values(seeded)) queryClient.setQueryData(key, { seeded: true });

    first.fail();
    await waitFor(() => expect(calls).toHaveLength(2));
    expect(calls[1]?.headers.get('Last-Event-ID')).toBe('8');
    await waitFor(() => expect(invalidated(queryClient)).toContain('audit'));
    expect(invalidated(queryClient)).toEqual([
      'list',
      'myList',
      'detailById',
      'detailByDisplayId',
      'detailByLowercaseDisplayId',
      'audit',
      'otherDetail',
      'otherAudit',
    ]);
  });

  it('shows when the feed is down, and says so in words', async () => {
    const stream = eventStream();
    mockFetch({
      'GET /api/events': (() => {
        let attempt = 0;
        return () =>
          attempt++ === 0 ? stream.reply : json({ error: 'unavailable', code: 'unavailable' }, 503);
      })(),
    });
    renderLive(null);
    const indicator = await screen.findByRole('status');
    await waitFor(() => expect(indicator).toHaveAttribute('data-status', 'live'));
    expect(within(indicator).getByText('Live')).toBeInTheDocument();
    stream.fail();
    await waitFor(() => expect(indicator).toHaveAttribute('data-status', 'reconnecting'));
    expect(indicator).toHaveTextContent('Reconnecting…');
    expect(within(indicator).getByText(/interrupted/)).toBeInTheDocument();
  });

  it('updates an open ticket in place and keeps an overview draft being typed', async () => {
    const user = userEvent.setup();
    const stream = eventStream();
    let version = 1;
    mockFetch({
      'GET /api/events': stream.reply,
      'GET /api/tickets/V123456789': () =>
        version === 1
          ? json(makeDetail(), 200, { ETag: '"v1"' })
          : json(
              makeDetail({ status: 'RESOLVED', overview: 'Fixed by replacing the fuser.' }),
              200,
              { ETag: '"v2"' },
            ),
    });
    renderLive(
      <TicketDetail
        routeId="V123456789"
        user={admin}
        assignees={[]}
        renderCti={() => null}
        renderComments={() => null}
        renderActivity={() => null}
      />,
    );
    await screen.findByRole('heading', { name: 'Printer on fire' });
    expect(screen.getByText('Live updates on')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Edit' }));
    const editor = screen.getByRole('textbox', { name: 'Overview' });
    await user.clear(editor);
    await user.type(editor, 'My half-written');

    version = 2;
    stream.send(frame(1, 'ticket.status_changed', 'tk-1', 'V123456789'));

    await waitFor(() =>
      expect(document.querySelector('.ticket-meta .status')).toHaveTextContent('Resolved'),
    );
    expect(screen.getByRole('textbox', { name: 'Overview' })).toHaveValue('My half-written');
    expect(screen.getByText('Someone else changed this overview meanwhile')).toBeInTheDocument();
  });

  it('lets go of the stream while the tab is hidden and resumes after the last event', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const streams = [eventStream(), eventStream()];
    let attempt = 0;
    const { calls } = mockFetch({ 'GET /api/events': () => streams[attempt++]!.reply });
    let visibility: DocumentVisibilityState = 'visible';
    vi.spyOn(document, 'visibilityState', 'get').mockImplementation(() => visibility);
    const setVisibility = (next: DocumentVisibilityState) => {
      visibility = next;
      document.dispatchEvent(new Event('visibilitychange'));
    };
    const settle = () =>
      act(async () => {
        for (let i = 0; i < 10; i++) await vi.advanceTimersByTimeAsync(0);
      });
    const queryClient = new QueryClient();
    seed(queryClient);
    renderLive(null, queryClient);
    await settle();
    streams[0]!.send(frame(12, 'ticket.created', 'tk-9', 'V000000009'));
    await settle();

    setVisibility('hidden');
    await act(() => vi.advanceTimersByTimeAsync(HIDDEN_GRACE_MS - 1000));
    setVisibility('visible');
    setVisibility('hidden');
    await act(() => vi.advanceTimersByTimeAsync(HIDDEN_GRACE_MS - 1000));
    expect(streams[0]!.cancelled).toBe(false);
    await act(() => vi.advanceTimersByTimeAsync(1000));
    await settle();
    expect(streams[0]!.cancelled).toBe(true);
    expect(calls).toHaveLength(1);

    for (const key of Object.values(seeded)) queryClient.setQueryData(key, { seeded: true });
    setVisibility('visible');
    await settle();
    expect(calls).toHaveLength(2);
    expect(calls[1]?.headers.get('Last-Event-ID')).toBe('12');
    await act(() => vi.advanceTimersByTimeAsync(300));
    expect(invalidated(queryClient)).toContain('otherAudit');
  });
});
