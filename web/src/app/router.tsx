import { lazy, Suspense, type ReactNode } from 'react';
import { createBrowserRouter, type RouteObject } from 'react-router';

import { PageSpinner } from '@/components/ui/spinner';
import { RequireAuth, RequireRole } from '@/features/auth';

import { AppShell } from './layout/app-shell';
import { LiveUpdates } from './layout/live-updates';
import { RouteError } from './route-error';
import { DashboardRoute } from './routes/dashboard';
import { LoginRoute } from './routes/login';
import { MyTicketsRoute } from './routes/my-tickets';
import { NotFoundRoute } from './routes/not-found';

// The markdown pipeline and the admin screens load on first use, keeping the dashboard light.
const TicketRoute = lazy(() => import('./routes/ticket').then((m) => ({ default: m.TicketRoute })));
const NewTicketRoute = lazy(() =>
  import('./routes/new-ticket').then((m) => ({ default: m.NewTicketRoute })),
);
const AdminUsersRoute = lazy(() =>
  import('./routes/admin-users').then((m) => ({ default: m.AdminUsersRoute })),
);
const AdminCtiRoute = lazy(() =>
  import('./routes/admin-cti').then((m) => ({ default: m.AdminCtiRoute })),
);

const page = (element: ReactNode) => <Suspense fallback={<PageSpinner />}>{element}</Suspense>;

// Screens inside the shell; each gets its own error boundary, so a failing screen keeps the
// navigation around it.
const screens: RouteObject[] = [
  { index: true, element: <DashboardRoute /> },
  { path: 'my-tickets', element: <MyTicketsRoute /> },
  {
    path: 'tickets/new',
    element: <RequireRole roles={['ADMIN', 'AGENT']}>{page(<NewTicketRoute />)}</RequireRole>,
  },
  { path: 'tickets/:ticketId', element: page(<TicketRoute />) },
  {
    path: 'admin/users',
    element: <RequireRole roles={['ADMIN']}>{page(<AdminUsersRoute />)}</RequireRole>,
  },
  {
    path: 'admin/cti',
    element: <RequireRole roles={['ADMIN']}>{page(<AdminCtiRoute />)}</RequireRole>,
  },
  { path: '*', element: <NotFoundRoute /> },
];

export const routes: RouteObject[] = [
  { path: '/login', element: <LoginRoute />, errorElement: <RouteError /> },
  {
    path: '/',
    element: (
      <RequireAuth>
        <LiveUpdates>
          <AppShell />
        </LiveUpdates>
      </RequireAuth>
    ),
    errorElement: <RouteError />,
    children: screens.map((screen) => ({ ...screen, errorElement: <RouteError /> })),
  },
];

export function createAppRouter() {
  return createBrowserRouter(routes);
}
