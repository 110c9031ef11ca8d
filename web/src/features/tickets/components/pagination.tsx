import { IconButton } from '@/components/ui/button';
import { ChevronLeftIcon, ChevronRightIcon } from '@/components/ui/icons';

export function Pagination({
  page,
  pageSize,
  total,
  onPage,
}: {
  page: number;
  pageSize: number;
  total: number;
  onPage: (page: number) => void;
}) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const from = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const to = Math.min(total, page * pageSize);
  if (pages === 1 && page === 1) {
    return (
      <nav className="pagination" aria-label="Pagination">
        <span className="pagination__summary pagination__summary--only">
          {total === 1 ? '1 ticket' : `${total.toLocaleString()} tickets`}
        </span>
      </nav>
    );
  }
  return (
    <nav className="pagination" aria-label="Pagination">
      <span className="pagination__summary">
        {from.toLocaleString()}–{to.toLocaleString()} of {total.toLocaleString()}
      </span>
      <IconButton
        label="Previous page"
        size="sm"
        variant="secondary"
        disabled={page <= 1}
        onClick={() => onPage(page - 1)}
      >
        <ChevronLeftIcon />
      </IconButton>
      <span className="pagination__page">
        Page {page} of {pages}
      </span>
      <IconButton
        label="Next page"
        size="sm"
        variant="secondary"
        disabled={page >= pages}
        onClick={() => onPage(page + 1)}
      >
        <ChevronRightIcon />
      </IconButton>
    </nav>
  );
}
