import { render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

import { admin, agent, makeTicket, plainUser } from '@/testing/fixtures';
import type { User } from '@/types/api';

import { TicketProperties } from './ticket-properties';

function setup(user: User, ticket = makeTicket()) {
  const onPatch = vi.fn(async () => undefined);
  render(
    <TicketProperties
      ticket={ticket}
      user={user}
      assignees={[agent, admin]}
      pending={false}
      onPatch={onPatch}
      renderCti={() => <div>cti selects</div>}
    />,
  );
  return { onPatch };
}

const statusOptions = () =>
  within(screen.getByRole('combobox', { name: 'Status' }))
    .getAllByRole('option')
    .map((o) => o.textContent);

describe('TicketProperties permissions', () => {
  it('gives a USER read-only values and no edit controls', () => {
    setup(plainUser);
    expect(screen.queryByRole('combobox')).toBeNull();
    expect(screen.queryByRole('button', { name: /reroute/i })).toBeNull();
    expect(screen.getByText('Open')).toBeInTheDocument();
    expect(screen.getByText('Alex Agent')).toBeInTheDocument();
  });

  it('lets an AGENT edit but not close', () => {
    setup(agent);
    expect(statusOptions()).toEqual(['Open', 'In Progress', 'Resolved']);
    expect(screen.getByRole('combobox', { name: 'Severity' })).toHaveValue('2');
    expect(screen.getByRole('combobox', { name: 'Assignee' })).toHaveValue(agent.id);
    expect(screen.getByRole('button', { name: /reroute/i })).toBeInTheDocument();
  });

  it('offers CLOSED to an ADMIN', () => {
    setup(admin);
    expect(statusOptions()).toEqual(['Open', 'In Progress', 'Resolved', 'Closed']);
  });

  it('shows a closed ticket to an AGENT without letting them pick Closed', () => {
    setup(agent, makeTicket({ status: 'CLOSED' }));
    const closed = within(screen.getByRole('combobox', { name: 'Status' })).getByRole('option', {
      name: 'Closed',
    });
    expect(closed).toBeDisabled();
  });
});
