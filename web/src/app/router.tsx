import { createBrowserRouter, type RouteObject } from 'react-router';

import { RequireAuth, RequireRole } from '@/features/auth';

import { AppShell } from './layout/app-shell';
import { RouteError } from './route-error';
import { AdminCtiRoute } from './routes/admin-cti';
import { AdminUsersRoute } from './routes/admin-users';
import { DashboardRoute } from './routes/dashboard';
import { LoginRoute } from './routes/login';
import { MyTicketsRoute } from './routes/my-tickets';
import { NewTicketRoute } from './routes/new-ticket';
import { NotFoundRoute } from './routes/not-found';
import { TicketRoute } from './routes/ticket';

export const routes: RouteObject[] = [
  { path: '/login', element: <LoginRoute />, errorElement: <RouteError /> },
  {
    path: '/',
    element: (
      <RequireAuth>
        <AppShell />
      </RequireAuth>
    ),
    errorElement: <RouteError />,
    children: [
      {
        errorElement: <RouteError />,
        children: [
          { index: true, element: <DashboardRoute /> },
          { path: 'my-tickets', element: <MyTicketsRoute /> },
          {
            path: 'tickets/new',
            element: (
              <RequireRole roles={['ADMIN', 'AGENT']}>
                <NewTicketRoute />
              </RequireRole>
            ),
          },
          { path: 'tickets/:ticketId', element: <TicketRoute /> },
          {
            path: 'admin/users',
            element: (
              <RequireRole roles={['ADMIN']}>
                <AdminUsersRoute />
              </RequireRole>
            ),
          },
          {
            path: 'admin/cti',
            element: (
              <RequireRole roles={['ADMIN']}>
                <AdminCtiRoute />
              </RequireRole>
            ),
          },
          { path: '*', element: <NotFoundRoute /> },
        ],
      },
    ],
  },
];

export function createAppRouter() {
  return createBrowserRouter(routes);
}
