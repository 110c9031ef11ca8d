import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { tokenStorage } from '@/lib/token-storage';
import { json, mockFetch } from '@/testing/fetch-mock';
import { admin, plainUser } from '@/testing/fixtures';
import { LocationProbe } from '@/testing/render';

import { AuthProvider } from '../auth-provider';

import { RequireAuth, RequireRole } from './guards';

afterEach(() => vi.unstubAllGlobals());

function renderApp(path: string) {
  const router = createMemoryRouter(
    [
      { path: '/login', element: <LocationProbe /> },
      {
        path: '/admin',
        element: (
          <RequireAuth>
            <RequireRole roles={['ADMIN']}>
              <p>Admin area</p>
            </RequireRole>
          </RequireAuth>
        ),
      },
    ],
    { initialEntries: [path] },
  );
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={queryClient}>
      <AuthProvider>
        <RouterProvider router={router} />
      </AuthProvider>
    </QueryClientProvider>,
  );
}

describe('route guards', () => {
  it('sends a visitor without a session to the login page, remembering where they were', async () => {
    mockFetch({});
    renderApp('/admin');
    expect(await screen.findByTestId('location')).toHaveTextContent('/login?next=%2Fadmin');
  });

  it('restores a stored session and lets an admin in', async () => {
    tokenStorage.set('stored-token');
    mockFetch({ 'GET /api/auth/me': json(admin) });
    renderApp('/admin');
    expect(await screen.findByText('Admin area')).toBeInTheDocument();
  });

  it('refuses the admin page to a non-admin', async () => {
    tokenStorage.set('stored-token');
    mockFetch({ 'GET /api/auth/me': json(plainUser) });
    renderApp('/admin');
    expect(await screen.findByText("You don't have access to this page")).toBeInTheDocument();
    expect(screen.queryByText('Admin area')).toBeNull();
  });

  it('drops an expired token and asks to sign in again', async () => {
    tokenStorage.set('old-token');
    mockFetch({ 'GET /api/auth/me': json({ error: 'Invalid or expired token' }, 401) });
    renderApp('/admin');
    expect(await screen.findByTestId('location')).toHaveTextContent('expired=1');
    expect(tokenStorage.get()).toBeNull();
  });
});
