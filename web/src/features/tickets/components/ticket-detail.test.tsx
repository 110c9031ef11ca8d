import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { json, mockFetch, type MockRequest } from '@/testing/fetch-mock';
import { admin, agent, makeDetail, makeTicket, plainUser } from '@/testing/fixtures';
import { renderWithProviders } from '@/testing/render';
import type { User } from '@/types/api';

import { TicketDetail } from './ticket-detail';

afterEach(() => vi.unstubAllGlobals());

function renderDetail(user: User, patch: (req: MockRequest) => ReturnType<typeof json>) {
  const api = mockFetch({
    'GET /api/tickets/V123456789': json(makeDetail(), 200, { ETag: '"v1"' }),
    'PATCH /api/tickets/tk-1': patch,
  });
  renderWithProviders(
    <TicketDetail
      routeId="V123456789"
      user={user}
      assignees={[agent, admin]}
      renderCti={() => null}
      renderComments={() => null}
      renderActivity={() => null}
    />,
  );
  return api;
}

describe('TicketDetail', () => {
  it('renders the overview as markdown', async () => {
    renderDetail(plainUser, () => json({}));
    expect(await screen.findByRole('heading', { name: 'Printer on fire' })).toBeInTheDocument();
    expect(screen.getByText('really').tagName).toBe('STRONG');
    expect(screen.queryByRole('button', { name: 'Edit title' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Delete ticket' })).toBeNull();
  });

  it('sends a status change with If-Match and shows the saved value', async () => {
    const user = userEvent.setup();
    const { calls } = renderDetail(agent, (req) =>
      json(makeTicket({ ...(req.body as object) }), 200, { ETag: '"v2"' }),
    );
    await screen.findByRole('heading', { name: 'Printer on fire' });
    await user.selectOptions(screen.getByRole('combobox', { name: 'Status' }), 'RESOLVED');
    await waitFor(() => expect(calls.some((c) => c.method === 'PATCH')).toBe(true));
    const patch = calls.find((c) => c.method === 'PATCH');
    expect(patch?.body).toEqual({ status: 'RESOLVED' });
    expect(patch?.headers.get('If-Match')).toBe('"v1"');
  });

  it('explains a 412 (someone else changed it) and reloads the ticket', async () => {
    const user = userEvent.setup();
    const { calls } = renderDetail(agent, () =>
      json({ error: 'ticket was modified', code: 'precondition_failed' }, 412),
    );
    await screen.findByRole('heading', { name: 'Printer on fire' });
    const getsBefore = calls.filter((c) => c.method === 'GET').length;
    await user.selectOptions(screen.getByRole('combobox', { name: 'Severity' }), '1');
    expect(await screen.findByText(/someone else changed this ticket/i)).toBeInTheDocument();
    await waitFor(() =>
      expect(calls.filter((c) => c.method === 'GET').length).toBeGreaterThan(getsBefore),
    );
  });

  it('shows a readable not-found page', async () => {
    mockFetch({ 'GET /api/tickets/V000000000': json({ error: 'Ticket not found' }, 404) });
    renderWithProviders(
      <TicketDetail
        routeId="V000000000"
        user={admin}
        assignees={[]}
        renderCti={() => null}
        renderComments={() => null}
        renderActivity={() => null}
      />,
    );
    expect(await screen.findByText('Ticket V000000000 was not found')).toBeInTheDocument();
  });
});
