import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { mockFetch } from '@/testing/fetch-mock';
import { categories, items, types } from '@/testing/fixtures';
import { renderWithProviders } from '@/testing/render';
import type { CtiSelection } from '@/types/api';

import { CtiSelects } from './cti-selects';

afterEach(() => vi.unstubAllGlobals());

function Harness({
  initial,
  onChange,
}: {
  initial: CtiSelection;
  onChange: (v: CtiSelection) => void;
}) {
  const [value, setValue] = useState(initial);
  return (
    <CtiSelects
      value={value}
      onChange={(next) => {
        setValue(next);
        onChange(next);
      }}
    />
  );
}

function setup(initial: CtiSelection = { categoryId: '', typeId: '', itemId: '' }) {
  const api = mockFetch({
    'GET /api/cti/categories': categories,
    'GET /api/cti/types': (req) =>
      types.filter((t) => t.categoryId === req.query.get('categoryId')),
    'GET /api/cti/items': (req) => items.filter((i) => i.typeId === req.query.get('typeId')),
  });
  const onChange = vi.fn();
  renderWithProviders(<Harness initial={initial} onChange={onChange} />);
  return { ...api, onChange };
}

const optionTexts = (label: string) =>
  Array.from(screen.getByLabelText<HTMLSelectElement>(label).options).map((o) => o.textContent);

describe('CtiSelects', () => {
  it('keeps Type and Item disabled until their parent is chosen', async () => {
    setup();
    await screen.findByRole('option', { name: 'General' });
    expect(screen.getByLabelText('Type')).toBeDisabled();
    expect(screen.getByLabelText('Item')).toBeDisabled();
  });

  it('loads the types of the chosen category, then the items of the chosen type', async () => {
    const user = userEvent.setup();
    const { calls, onChange } = setup();
    await user.selectOptions(
      await screen.findByLabelText('Category'),
      await screen.findByRole('option', { name: 'General' }),
    );
    await screen.findByRole('option', { name: 'Request' });
    expect(calls.find((c) => c.path === '/api/cti/types')?.query.get('categoryId')).toBe(
      'c-general',
    );
    expect(optionTexts('Type')).toEqual(['Choose a type…', 'Request', 'Issue']);

    await user.selectOptions(screen.getByLabelText('Type'), 'Issue');
    await screen.findByRole('option', { name: 'Bug' });
    expect(optionTexts('Item')).toEqual(['Choose an item…', 'Bug']);
    await user.selectOptions(screen.getByLabelText('Item'), 'Bug');
    expect(onChange).toHaveBeenLastCalledWith({
      categoryId: 'c-general',
      typeId: 't-issue',
      itemId: 'i-bug',
    });
  });

  it('clears type and item when the category changes', async () => {
    const user = userEvent.setup();
    const { onChange } = setup({
      categoryId: 'c-general',
      typeId: 't-request',
      itemId: 'i-access',
    });
    await screen.findByRole('option', { name: 'Access' });
    await user.selectOptions(screen.getByLabelText('Category'), 'Infrastructure');
    expect(onChange).toHaveBeenLastCalledWith({ categoryId: 'c-infra', typeId: '', itemId: '' });
    await waitFor(() => expect(optionTexts('Type')).toContain('Server'));
    expect(screen.getByLabelText('Item')).toBeDisabled();
  });
});
