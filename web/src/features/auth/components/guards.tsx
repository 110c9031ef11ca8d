import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';

import { EmptyState } from '@/components/ui/empty-state';
import { ErrorState } from '@/components/ui/error-state';
import { LockIcon } from '@/components/ui/icons';
import { PageSpinner } from '@/components/ui/spinner';
import type { Role } from '@/types/api';

import { useAuth } from '../auth-provider';

/** Renders children for a signed-in user; otherwise sends them to the login page and back. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const auth = useAuth();
  const location = useLocation();
  if (auth.status === 'loading') return <PageSpinner label="Restoring your session" />;
  if (auth.status === 'error') {
    return (
      <ErrorState title="Could not restore your session" error={auth.error} onRetry={auth.retry} />
    );
  }
  if (auth.status === 'anonymous') {
    const next = `${location.pathname}${location.search}`;
    const params = new URLSearchParams();
    if (next !== '/') params.set('next', next);
    if (auth.reason === 'expired') params.set('expired', '1');
    const qs = params.toString();
    return <Navigate to={`/login${qs ? `?${qs}` : ''}`} replace />;
  }
  return children;
}

/** Refuses the page (not just hides the link) to roles outside `roles`. */
export function RequireRole({ roles, children }: { roles: readonly Role[]; children: ReactNode }) {
  const auth = useAuth();
  if (auth.status !== 'authenticated') return null;
  if (!roles.includes(auth.user.role)) {
    return (
      <EmptyState icon={<LockIcon size={20} />} title="You don't have access to this page">
        This page is for {roles.map((r) => r.toLowerCase()).join(' and ')} accounts. Ask an admin if
        you need access.
      </EmptyState>
    );
  }
  return children;
}
