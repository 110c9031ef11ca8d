import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { json, mockFetch } from '@/testing/fetch-mock';
import { admin, agent, makeComment, plainUser } from '@/testing/fixtures';
import { renderWithProviders } from '@/testing/render';
import type { User } from '@/types/api';

import { CommentThread } from './comment-thread';

afterEach(() => vi.unstubAllGlobals());

const comments = [
  makeComment({ id: 'c1', body: 'From the agent', authorId: agent.id, author: agent }),
  makeComment({ id: 'c2', body: 'From the user', authorId: plainUser.id, author: plainUser }),
];

const deleteButtons = () => screen.queryAllByRole('button', { name: 'Delete comment' });

function renderAs(user: User) {
  return renderWithProviders(<CommentThread ticketId="tk-1" comments={comments} user={user} />);
}

describe('CommentThread', () => {
  it('renders markdown bodies with author avatars', () => {
    renderAs(plainUser);
    const items = screen.getAllByTestId('comment');
    expect(within(items[0]!).getByText('AA')).toBeInTheDocument();
    expect(within(items[0]!).getByText('From the agent')).toBeInTheDocument();
  });

  it('lets a user delete only their own comment', () => {
    renderAs(plainUser);
    expect(deleteButtons()).toHaveLength(1);
    expect(
      within(screen.getAllByTestId('comment')[1]!).getByRole('button', { name: 'Delete comment' }),
    ).toBeInTheDocument();
  });

  it('lets an admin delete any comment', () => {
    renderAs(admin);
    expect(deleteButtons()).toHaveLength(2);
  });

  it('posts a new comment and clears the box', async () => {
    const user = userEvent.setup();
    const { calls } = mockFetch({
      'POST /api/tickets/tk-1/comments': json(makeComment({ id: 'c3' }), 201),
    });
    renderAs(plainUser);
    const box = screen.getByRole('textbox', { name: 'Comment' });
    await user.type(box, 'Still **broken**');
    await user.click(screen.getByRole('button', { name: 'Comment' }));
    await waitFor(() => expect(box).toHaveValue(''));
    expect(calls[0]?.body).toEqual({ body: 'Still **broken**' });
  });

  it('shows the server refusal when posting fails', async () => {
    const user = userEvent.setup();
    mockFetch({
      'POST /api/tickets/tk-1/comments': json(
        { error: 'Ticket not found', code: 'not_found' },
        404,
      ),
    });
    renderAs(plainUser);
    await user.type(screen.getByRole('textbox', { name: 'Comment' }), 'hello');
    await user.click(screen.getByRole('button', { name: 'Comment' }));
    expect(await screen.findByText('Ticket not found')).toBeInTheDocument();
  });
});
