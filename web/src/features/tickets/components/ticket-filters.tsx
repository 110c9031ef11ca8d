import { useEffect, useRef, useState } from 'react';

import { Button } from '@/components/ui/button';
import { Select } from '@/components/ui/field';
import { SearchIcon, XIcon } from '@/components/ui/icons';
import { STATUS_LABELS, SEVERITY_LABELS } from '@/lib/labels';
import { useDebouncedValue } from '@/lib/use-debounced-value';
import { SEVERITIES, STATUSES, type Category, type Severity, type Status } from '@/types/api';

import { EMPTY_FILTERS, hasActiveFilters, type TicketFilters as Filters } from '../lib/filters';

type TicketFiltersProps = {
  filters: Filters;
  categories: Category[];
  onChange: (filters: Filters) => void;
};

/** Status, severity, queue and search. Every change resets to page 1. */
export function TicketFilters({ filters, categories, onChange }: TicketFiltersProps) {
  const [search, setSearch] = useState(filters.search);
  const [urlSearch, setUrlSearch] = useState(filters.search);
  const debouncedSearch = useDebouncedValue(search, 300);

  // Follow the URL when it changes from outside (back button, "clear filters").
  if (urlSearch !== filters.search) {
    setUrlSearch(filters.search);
    setSearch(filters.search);
  }

  useEffect(() => {
    if (debouncedSearch.trim() !== filters.search.trim()) {
      onChange({ ...filters, search: debouncedSearch, page: 1 });
    }
    // Only a settled search box should write to the URL.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [debouncedSearch]);

  // "/" jumps to the search box, as in most issue trackers.
  const searchRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      const typing = target?.closest('input, textarea, select, [contenteditable="true"]');
      if (event.key !== '/' || typing || event.ctrlKey || event.metaKey || event.altKey) return;
      event.preventDefault();
      searchRef.current?.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  const set = (patch: Partial<Filters>) => onChange({ ...filters, ...patch, page: 1 });

  return (
    <div className="filters" role="search">
      <div className="filters__search">
        <SearchIcon className="filters__search-icon" />
        <input
          ref={searchRef}
          className="input input--sm filters__search-input"
          type="search"
          placeholder="Search title, overview or ID…"
          aria-label="Search tickets"
          aria-keyshortcuts="/"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') onChange({ ...filters, search, page: 1 });
          }}
        />
      </div>
      <Select
        className="select--sm filters__select"
        aria-label="Status"
        value={filters.status ?? ''}
        onChange={(event) => set({ status: (event.target.value || null) as Status | null })}
      >
        <option value="">All statuses</option>
        {STATUSES.map((status) => (
          <option key={status} value={status}>
            {STATUS_LABELS[status]}
          </option>
        ))}
      </Select>
      <Select
        className="select--sm filters__select"
        aria-label="Severity"
        value={filters.severity ?? ''}
        onChange={(event) =>
          set({ severity: event.target.value ? (Number(event.target.value) as Severity) : null })
        }
      >
        <option value="">All severities</option>
        {SEVERITIES.map((severity) => (
          <option key={severity} value={severity}>
            SEV {severity} · {SEVERITY_LABELS[severity]}
          </option>
        ))}
      </Select>
      <Select
        className="select--sm filters__select"
        aria-label="Queue"
        value={filters.categoryId ?? ''}
        onChange={(event) => set({ categoryId: event.target.value || null })}
      >
        <option value="">All queues</option>
        {categories.map((category) => (
          <option key={category.id} value={category.id}>
            {category.name}
          </option>
        ))}
      </Select>
      {hasActiveFilters(filters) && (
        <Button
          variant="ghost"
          size="sm"
          icon={<XIcon size={14} />}
          onClick={() => {
            setSearch('');
            onChange(EMPTY_FILTERS);
          }}
        >
          Clear
        </Button>
      )}
    </div>
  );
}
