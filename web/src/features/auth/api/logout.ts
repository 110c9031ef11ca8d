import { api, isApiError } from '@/lib/api-client';

/** Ends every session of the user on the server. Older servers have no such endpoint. */
export async function logout(): Promise<void> {
  try {
    await api.post<null>('/auth/logout', undefined, { skipUnauthorizedHandler: true });
  } catch (error) {
    if (isApiError(error) && (error.status === 401 || error.status === 404)) return;
    throw error;
  }
}
