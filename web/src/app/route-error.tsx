import { isRouteErrorResponse, Link, useRouteError } from 'react-router';

import { AlertIcon } from '@/components/ui/icons';
import { errorMessage } from '@/lib/api-client';

/** Any render error inside a route lands here instead of a blank page. */
export function RouteError() {
  const error = useRouteError();
  const message = isRouteErrorResponse(error)
    ? `${error.status} ${error.statusText}`
    : errorMessage(error);
  return (
    <div className="empty" role="alert">
      <div className="empty__icon">
        <AlertIcon size={20} />
      </div>
      <div className="empty__title">Something went wrong on this page</div>
      <div className="empty__text">{message}</div>
      <div className="empty__action route-error__actions">
        <button
          type="button"
          className="btn btn--secondary"
          onClick={() => window.location.reload()}
        >
          Reload
        </button>
        <Link to="/" className="btn btn--ghost">
          Go to the dashboard
        </Link>
      </div>
    </div>
  );
}
