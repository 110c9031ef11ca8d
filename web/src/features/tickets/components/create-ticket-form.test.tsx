import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { json, mockFetch } from '@/testing/fetch-mock';
import { agent, makeTicket } from '@/testing/fixtures';
import { renderWithProviders } from '@/testing/render';
import type { CtiFieldProps } from '@/types/api';

import { CreateTicketForm } from './create-ticket-form';

afterEach(() => vi.unstubAllGlobals());

// The app plugs the CTI feature's selects in here; the form only sees the controlled value.
function FakeCti({ value, onChange, errors }: CtiFieldProps) {
  return (
    <div>
      <button
        type="button"
        onClick={() => onChange({ categoryId: 'c-general', typeId: 't-issue', itemId: 'i-bug' })}
      >
        Pick General › Issue › Bug
      </button>
      <output aria-label="CTI value">
        {[value.categoryId, value.typeId, value.itemId].join('/')}
      </output>
      {errors?.categoryId && <span>{errors.categoryId}</span>}
      {errors?.itemId && <span>{errors.itemId}</span>}
    </div>
  );
}

function setup() {
  const api = mockFetch({
    'POST /api/tickets': json(makeTicket({ displayId: 'V000000042' }), 201),
  });
  const onCreated = vi.fn();
  renderWithProviders(
    <CreateTicketForm
      assignees={[agent]}
      renderCti={(props) => <FakeCti {...props} />}
      onCreated={onCreated}
      onCancel={() => undefined}
    />,
  );
  return { ...api, onCreated };
}

describe('CreateTicketForm', () => {
  it('explains what is missing instead of posting', async () => {
    const user = userEvent.setup();
    const { calls } = setup();
    await user.click(screen.getByRole('button', { name: 'Create ticket' }));
    expect(await screen.findByText('Give the ticket a title')).toBeInTheDocument();
    expect(screen.getByText('Choose a category')).toBeInTheDocument();
    expect(calls).toHaveLength(0);
  });

  it('posts title, markdown overview, severity and the CTI path', async () => {
    const user = userEvent.setup();
    const { calls, onCreated } = setup();
    await user.type(screen.getByLabelText('Title'), 'VPN drops every hour');
    await user.type(screen.getByRole('textbox', { name: 'Overview' }), 'Since **Monday**');
    await user.selectOptions(screen.getByLabelText('Severity'), '2');
    expect(screen.getByText('Significant impact')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Pick General › Issue › Bug' }));
    await user.click(screen.getByRole('tab', { name: 'Preview' }));
    expect(screen.getByText('Monday').tagName).toBe('STRONG');
    await user.click(screen.getByRole('button', { name: 'Create ticket' }));

    await waitFor(() => expect(onCreated).toHaveBeenCalled());
    expect(calls[0]?.body).toEqual({
      title: 'VPN drops every hour',
      overview: 'Since **Monday**',
      severity: 2,
      categoryId: 'c-general',
      typeId: 't-issue',
      itemId: 'i-bug',
    });
  });

  it('sends the chosen assignee and shows server field errors', async () => {
    const user = userEvent.setup();
    const { calls } = mockFetch({
      'POST /api/tickets': json(
        { error: 'title is too long', code: 'invalid_input', fields: { title: 'too long' } },
        400,
      ),
    });
    renderWithProviders(
      <CreateTicketForm
        assignees={[agent]}
        renderCti={(props) => <FakeCti {...props} />}
        onCreated={() => undefined}
        onCancel={() => undefined}
      />,
    );
    await user.type(screen.getByLabelText('Title'), 'Laptop');
    await user.click(screen.getByRole('button', { name: 'Pick General › Issue › Bug' }));
    await user.selectOptions(screen.getByLabelText(/Assignee/), agent.id);
    await user.click(screen.getByRole('button', { name: 'Create ticket' }));
    expect(await screen.findByText('too long')).toBeInTheDocument();
    expect(screen.getByText('title is too long')).toBeInTheDocument();
    expect(calls[0]?.body).toMatchObject({ assigneeId: agent.id });
  });
});
