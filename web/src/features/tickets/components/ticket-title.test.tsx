import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import { TicketTitle } from './ticket-title';

describe('TicketTitle', () => {
  it('keeps the draft when the title changes underneath it, and says so', async () => {
    const user = userEvent.setup();
    const onSave = vi.fn(async () => undefined);
    const { rerender } = render(
      <TicketTitle title="Printer on fire" canEdit pending={false} onSave={onSave} />,
    );
    await user.click(screen.getByRole('button', { name: 'Edit title' }));
    const input = screen.getByRole('textbox', { name: 'Title' });
    await user.clear(input);
    await user.type(input, 'Printer on fire, floor 3');
    expect(screen.queryByText(/renamed this ticket/)).toBeNull();

    // A live update brings someone else's rename.
    rerender(<TicketTitle title="Printer smoking" canEdit pending={false} onSave={onSave} />);
    expect(screen.getByRole('textbox', { name: 'Title' })).toHaveValue('Printer on fire, floor 3');
    expect(screen.getByText(/renamed this ticket to “Printer smoking” meanwhile/)).toBeVisible();

    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(onSave).toHaveBeenCalledWith('Printer on fire, floor 3');
  });
});
