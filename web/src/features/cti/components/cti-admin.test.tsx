import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { json, mockFetch } from '@/testing/fetch-mock';
import { categories, items, types } from '@/testing/fixtures';
import { renderWithProviders } from '@/testing/render';

import { CtiAdmin } from './cti-admin';

afterEach(() => vi.unstubAllGlobals());

describe('CtiAdmin', () => {
  it('builds the tree from flat lists when the server has no /cti/tree', async () => {
    const user = userEvent.setup();
    mockFetch({
      'GET /api/cti/tree': json({ error: 'Not found' }, 404),
      'GET /api/cti/categories': categories,
      'GET /api/cti/types': types,
      'GET /api/cti/items': items,
    });
    renderWithProviders(<CtiAdmin />);
    expect(await screen.findByText('Infrastructure')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Expand General' }));
    await user.click(screen.getByRole('button', { name: 'Expand Request' }));
    expect(screen.getByText('Access')).toBeInTheDocument();
    expect(screen.getByText('Hardware')).toBeInTheDocument();
  });

  it('shows the server refusal when a node still in use is deleted', async () => {
    const user = userEvent.setup();
    const tree = categories.map((c) => ({
      ...c,
      types: types
        .filter((t) => t.categoryId === c.id)
        .map((t) => ({ ...t, items: items.filter((i) => i.typeId === t.id) })),
    }));
    mockFetch({
      'GET /api/cti/tree': tree,
      'DELETE /api/cti/categories/c-general': json(
        { error: "Category 'General' is still used by 3 tickets", code: 'conflict' },
        409,
      ),
    });
    renderWithProviders(<CtiAdmin />);
    await user.click(await screen.findByRole('button', { name: 'Delete General' }));
    const dialog = screen.getByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Delete' }));
    expect(
      await within(dialog).findByText("Category 'General' is still used by 3 tickets"),
    ).toBeInTheDocument();
  });

  it('adds a category', async () => {
    const user = userEvent.setup();
    const { calls } = mockFetch({
      'GET /api/cti/tree': [],
      'POST /api/cti/categories': json({ id: 'c-new', name: 'Facilities' }, 201),
    });
    renderWithProviders(<CtiAdmin />);
    expect(await screen.findByText('No categories yet')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Add category' }));
    await user.type(screen.getByRole('textbox', { name: 'New category name' }), 'Facilities');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ name: 'Facilities' });
  });
});
