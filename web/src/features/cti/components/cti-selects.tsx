import { Field, Select } from '@/components/ui/field';
import type { CtiFieldProps } from '@/types/api';

import { useCategories } from '../api/get-categories';
import { useItems } from '../api/get-items';
import { useTypes } from '../api/get-types';

function placeholder(
  loading: boolean,
  parentChosen: boolean,
  empty: boolean,
  what: string,
  parent: string,
) {
  if (!parentChosen) return `Choose a ${parent} first`;
  if (loading) return 'Loading…';
  if (empty) return `No ${what}s here yet`;
  return `Choose ${/^[aeiou]/.test(what) ? 'an' : 'a'} ${what}…`;
}

/** Category → Type → Item, each list loaded for the choice above it; changing a level clears those below. */
export function CtiSelects({ value, onChange, errors, disabled }: CtiFieldProps) {
  const categories = useCategories();
  const types = useTypes(value.categoryId);
  const items = useItems(value.typeId);

  return (
    <div className="cti-selects">
      <Field
        label="Category"
        error={errors?.categoryId ?? (categories.isError ? 'Could not load categories' : undefined)}
      >
        <Select
          value={value.categoryId}
          disabled={disabled}
          onChange={(event) => onChange({ categoryId: event.target.value, typeId: '', itemId: '' })}
        >
          <option value="">{categories.isPending ? 'Loading…' : 'Choose a category…'}</option>
          {categories.data?.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </Select>
      </Field>
      <Field
        label="Type"
        error={errors?.typeId ?? (types.isError ? 'Could not load types' : undefined)}
      >
        <Select
          value={value.typeId}
          disabled={disabled || !value.categoryId}
          onChange={(event) => onChange({ ...value, typeId: event.target.value, itemId: '' })}
        >
          <option value="">
            {placeholder(
              types.isFetching && !types.data,
              Boolean(value.categoryId),
              types.data?.length === 0,
              'type',
              'category',
            )}
          </option>
          {types.data?.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </Select>
      </Field>
      <Field
        label="Item"
        error={errors?.itemId ?? (items.isError ? 'Could not load items' : undefined)}
      >
        <Select
          value={value.itemId}
          disabled={disabled || !value.typeId}
          onChange={(event) => onChange({ ...value, itemId: event.target.value })}
        >
          <option value="">
            {placeholder(
              items.isFetching && !items.data,
              Boolean(value.typeId),
              items.data?.length === 0,
              'item',
              'type',
            )}
          </option>
          {items.data?.map((i) => (
            <option key={i.id} value={i.id}>
              {i.name}
            </option>
          ))}
        </Select>
      </Field>
    </div>
  );
}
