import { Navigate, useNavigate, useSearchParams } from 'react-router';

import { Alert } from '@/components/ui/alert';
import { LoginForm, useAuth } from '@/features/auth';
import { useDocumentTitle } from '@/lib/use-document-title';

function safeNext(next: string | null): string {
  // Only same-site paths: never bounce to another origin after signing in.
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function LoginRoute() {
  const auth = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  useDocumentTitle('Sign in');

  if (auth.status === 'authenticated') return <Navigate to={next} replace />;

  const expired = params.get('expired') === '1';
  return (
    <div className="login">
      <div className="login__panel">
        <div className="login__brand">
          <svg width="40" height="40" viewBox="0 0 32 32" aria-hidden="true">
            <rect width="32" height="32" rx="8" fill="var(--accent)" />
            <path
              d="M9 11h14M9 16h10M9 21h6"
              stroke="#fff"
              strokeWidth="2.6"
              strokeLinecap="round"
            />
          </svg>
        </div>
        <h1 className="login__title">Sign in to Ticketing</h1>
        <p className="login__subtitle">Use the account your administrator gave you.</p>
        {expired && (
          <Alert tone="info" className="login__notice">
            Your session ended. Please sign in again.
          </Alert>
        )}
        <div className="card login__card">
          <LoginForm
            onSuccess={(token, user) => {
              auth.signIn(token, user);
              void navigate(next, { replace: true });
            }}
          />
        </div>
      </div>
    </div>
  );
}
