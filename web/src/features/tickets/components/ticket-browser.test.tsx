import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { json, mockFetch } from '@/testing/fetch-mock';
import { categories, makeTicket } from '@/testing/fixtures';
import { renderWithProviders } from '@/testing/render';

import { TicketBrowser } from './ticket-browser';

afterEach(() => vi.unstubAllGlobals());

const tickets = [
  makeTicket({ id: 'a', displayId: 'V000000001', title: 'Database down', severity: 1 }),
  makeTicket({
    id: 'b',
    displayId: 'V000000002',
    title: 'New laptop',
    severity: 4,
    assignee: null,
    assigneeId: null,
  }),
];

function setup(route = '/') {
  const api = mockFetch({ 'GET /api/tickets': json(tickets, 200, { 'X-Total-Count': '2' }) });
  const view = renderWithProviders(
    <TicketBrowser categories={categories} empty={<p>No tickets yet</p>} />,
    { route },
  );
  const location = () => screen.getByTestId('location').textContent;
  const lastQuery = () => api.calls.at(-1)?.query;
  return { ...api, ...view, location, lastQuery };
}

describe('TicketBrowser filters', () => {
  it('lists tickets with severity, status, assignee and links to the detail', async () => {
    setup();
    const rows = await screen.findAllByTestId('ticket-row');
    expect(rows).toHaveLength(2);
    expect(within(rows[0]!).getByText('SEV 1')).toBeInTheDocument();
    expect(within(rows[0]!).getByText('Open')).toBeInTheDocument();
    expect(within(rows[1]!).getByText('Unassigned')).toBeInTheDocument();
    expect(rows[0]).toHaveAttribute('href', '/tickets/V000000001');
  });

  it('reads filters from the URL and sends them to the API', async () => {
    const { lastQuery } = setup('/?status=RESOLVED&severity=2&queue=c-infra&q=disk');
    await screen.findAllByTestId('ticket-row');
    expect(lastQuery()?.get('status')).toBe('RESOLVED');
    expect(lastQuery()?.get('severity')).toBe('2');
    expect(lastQuery()?.get('categoryId')).toBe('c-infra');
    expect(lastQuery()?.get('search')).toBe('disk');
    expect(screen.getByLabelText('Status')).toHaveValue('RESOLVED');
    expect(screen.getByLabelText('Queue')).toHaveValue('c-infra');
    expect(screen.getByLabelText('Search tickets')).toHaveValue('disk');
  });

  it('writes status, severity and queue choices into the URL', async () => {
    const user = userEvent.setup();
    const { location, lastQuery } = setup();
    await screen.findAllByTestId('ticket-row');
    await user.selectOptions(screen.getByLabelText('Status'), 'IN_PROGRESS');
    await user.selectOptions(screen.getByLabelText('Severity'), '1');
    await user.selectOptions(screen.getByLabelText('Queue'), 'General');
    expect(location()).toBe('/?status=IN_PROGRESS&severity=1&queue=c-general');
    await waitFor(() => expect(lastQuery()?.get('categoryId')).toBe('c-general'));
  });

  it('debounces the search box into the URL and resets to page 1', async () => {
    const user = userEvent.setup();
    const { location, lastQuery } = setup('/?page=2');
    await screen.findAllByTestId('ticket-row');
    await user.type(screen.getByLabelText('Search tickets'), 'printer');
    await waitFor(() => expect(location()).toBe('/?q=printer'));
    await waitFor(() => expect(lastQuery()?.get('search')).toBe('printer'));
    expect(lastQuery()?.get('offset')).toBe('0');
  });

  it('clears every filter', async () => {
    const user = userEvent.setup();
    const { location } = setup('/?status=OPEN&q=x');
    await screen.findAllByTestId('ticket-row');
    await user.click(screen.getByRole('button', { name: 'Clear' }));
    expect(location()).toBe('/');
    expect(screen.getByLabelText('Search tickets')).toHaveValue('');
  });

  it('says so when filters match nothing, and shows the empty state without filters', async () => {
    mockFetch({ 'GET /api/tickets': json([], 200, { 'X-Total-Count': '0' }) });
    const first = renderWithProviders(
      <TicketBrowser categories={categories} empty={<p>No tickets yet</p>} />,
      { route: '/?q=zzz' },
    );
    expect(await screen.findByText('No tickets match these filters')).toBeInTheDocument();
    first.unmount();
    renderWithProviders(<TicketBrowser categories={categories} empty={<p>No tickets yet</p>} />);
    expect(await screen.findByText('No tickets yet')).toBeInTheDocument();
  });

  it('shows the server error instead of a blank list', async () => {
    mockFetch({
      'GET /api/tickets': json(
        { error: 'severity must be 1-5, got 7', code: 'invalid_input' },
        400,
      ),
    });
    renderWithProviders(<TicketBrowser categories={categories} empty={null} />);
    expect(await screen.findByText('severity must be 1-5, got 7')).toBeInTheDocument();
  });

  it('pages with limit and offset', async () => {
    const user = userEvent.setup();
    const api = mockFetch({ 'GET /api/tickets': json(tickets, 200, { 'X-Total-Count': '120' }) });
    renderWithProviders(<TicketBrowser categories={categories} empty={null} />);
    await screen.findAllByTestId('ticket-row');
    expect(screen.getByText('Page 1 of 3')).toBeInTheDocument();
    window.scrollTo = vi.fn();
    await user.click(screen.getByRole('button', { name: 'Next page' }));
    await waitFor(() => expect(api.calls.at(-1)?.query.get('offset')).toBe('50'));
    expect(screen.getByTestId('location').textContent).toBe('/?page=2');
  });
});
