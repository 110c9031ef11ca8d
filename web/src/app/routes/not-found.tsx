import { Link } from 'react-router';

import { EmptyState } from '@/components/ui/empty-state';
import { SearchIcon } from '@/components/ui/icons';

export function NotFoundRoute() {
  return (
    <EmptyState
      icon={<SearchIcon size={20} />}
      title="Page not found"
      action={
        <Link to="/" className="btn btn--secondary">
          Back to the dashboard
        </Link>
      }
    >
      The address may be mistyped, or the page has moved.
    </EmptyState>
  );
}
