import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import {
  expect,
  request,
  type APIRequestContext,
  type APIResponse,
  type Page,
} from '@playwright/test';

export const SCREENSHOTS = join(import.meta.dirname, '..', 'test-results', 'screenshots');
mkdirSync(SCREENSHOTS, { recursive: true });

export function baseUrl(): string {
  const url = process.env.E2E_BASE_URL;
  if (!url) throw new Error('E2E_BASE_URL is not set: run through `npm run e2e` (global setup)');
  return url;
}

export const admin = {
  username: process.env.E2E_ADMIN_USER ?? 'admin',
  password: process.env.E2E_ADMIN_PASSWORD ?? '',
};

/** Saves a screenshot of the current screen under test-results/screenshots/. */
export async function shot(page: Page, name: string, fullPage = false): Promise<void> {
  // Let toasts, transitions, lazy chunks and fonts settle so the picture shows the resting state.
  // Not 'networkidle': the live-updates stream (GET /api/events) stays open as long as the page.
  await page.waitForLoadState('load');
  await page
    .waitForFunction(
      () => !document.querySelector('[aria-busy="true"], .spinner, .skeleton'),
      undefined,
      { timeout: 5_000 },
    )
    .catch(() => undefined);
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  await page.waitForTimeout(250);
  await page.screenshot({
    path: join(SCREENSHOTS, `${name}.png`),
    fullPage,
    animations: 'disabled',
  });
}

export async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto(`${baseUrl()}/login`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
}

export async function signOut(page: Page): Promise<void> {
  const viewport = page.viewportSize();
  if (viewport && viewport.width <= 760)
    await page.getByRole('button', { name: 'Open menu' }).click();
  await page.locator('.user-menu__trigger').click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in to Ticketing' })).toBeVisible();
}

/** Picks a property select on the ticket page and waits for the save to land. */
export async function setProperty(
  page: Page,
  label: 'Status' | 'Severity' | 'Assignee',
  option: string,
): Promise<void> {
  const select = page.getByRole('combobox', { name: label, exact: true });
  await select.selectOption({ label: option });
  await expect(page.getByRole('status').filter({ hasText: 'updated' }).first()).toBeVisible();
  await expect(select).toBeEnabled();
}

/**
 * An API client signed in as `username` (POST /api/auth/login), for changes made "elsewhere"
 * while the browser watches. Never log it out: logout ends every session of the user, the
 * browser's included. Dispose of it when done.
 */
export async function apiSignIn(username: string, password: string): Promise<APIRequestContext> {
  const anonymous = await request.newContext({ baseURL: baseUrl() });
  const login = await anonymous.post('/api/auth/login', { data: { username, password } });
  const { token } = await body<{ token: string }>(login);
  await anonymous.dispose();
  return request.newContext({
    baseURL: baseUrl(),
    extraHTTPHeaders: { Authorization: `Bearer ${token}` },
  });
}

/** The JSON of a 2xx answer; anything else fails the test with the server's words. */
export async function body<T>(response: APIResponse): Promise<T> {
  if (!response.ok()) {
    throw new Error(`${response.url()} answered ${response.status()}: ${await response.text()}`);
  }
  return (await response.json()) as T;
}
