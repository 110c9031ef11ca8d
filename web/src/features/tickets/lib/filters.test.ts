import { describe, expect, it } from 'vitest';

import { EMPTY_FILTERS, PAGE_SIZE, parseFilters, serializeFilters, toListParams } from './filters';

describe('ticket filters in the URL', () => {
  it('round-trips every filter', () => {
    const filters = {
      status: 'IN_PROGRESS',
      severity: 2,
      categoryId: 'c1',
      search: 'disk',
      page: 3,
    } as const;
    const params = serializeFilters(filters);
    expect(params.toString()).toBe('status=IN_PROGRESS&severity=2&queue=c1&q=disk&page=3');
    expect(parseFilters(params)).toEqual(filters);
  });

  it('ignores values it does not know', () => {
    expect(parseFilters(new URLSearchParams('status=LOST&severity=9&page=-2'))).toEqual(
      EMPTY_FILTERS,
    );
  });

  it('keeps a plain dashboard URL clean', () => {
    expect(serializeFilters(EMPTY_FILTERS).toString()).toBe('');
  });

  it('maps filters and page to API parameters', () => {
    expect(toListParams({ ...EMPTY_FILTERS, status: 'OPEN', page: 2 }, 'u1')).toEqual({
      status: 'OPEN',
      assigneeId: 'u1',
      limit: PAGE_SIZE,
      offset: PAGE_SIZE,
    });
  });
});
