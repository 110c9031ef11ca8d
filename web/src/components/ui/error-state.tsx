import { errorMessage } from '@/lib/api-client';

import { Button } from './button';
import { AlertIcon } from './icons';

/** A failed load: the server's message, and a way to try again. */
export function ErrorState({
  error,
  title = 'Could not load this',
  onRetry,
}: {
  error: unknown;
  title?: string;
  onRetry?: () => void;
}) {
  return (
    <div className="empty" role="alert">
      <div className="empty__icon">
        <AlertIcon size={20} />
      </div>
      <div className="empty__title">{title}</div>
      <div className="empty__text">{errorMessage(error)}</div>
      {onRetry && (
        <div className="empty__action">
          <Button onClick={onRetry}>Try again</Button>
        </div>
      )}
    </div>
  );
}
