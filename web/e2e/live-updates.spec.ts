import { expect, test, type APIRequestContext, type Page } from '@playwright/test';

import { admin, apiSignIn, baseUrl, body, shot, signIn } from './support';

// Issue 8, item 2: what others change reaches an open screen through GET /api/events, without a
// reload. The "others" here are API calls made with a token of their own while the browser
// watches. Names carry a per-run marker, so the suite can also run against a long-lived server.
const run = Date.now().toString(36).slice(-5);
const marker = `lv${run}`;
const names = {
  category: `Live ${marker}`,
  type: `Projectors ${marker}`,
  item: `Flicker ${marker}`,
  title: `Projector in room 4 flickers ${marker}`,
  comment: `Replaced the HDMI cable ${marker}`,
};

type Ticket = { id: string; displayId: string };

test.describe.configure({ mode: 'serial' });

let api: APIRequestContext;
let ticket: Ticket | undefined;

test.beforeAll(async () => {
  api = await apiSignIn(admin.username, admin.password);
});

test.afterAll(async () => {
  await api.dispose();
});

/** The feed is connected: from here on, changes made elsewhere are pushed to this page. */
async function expectLive(page: Page) {
  await expect(page.getByRole('status').filter({ hasText: 'Live updates on' })).toBeVisible();
}

/** Marks the loaded document; `expectSameDocument` then proves no reload happened meanwhile. */
async function markDocument(page: Page) {
  await page.evaluate(() => {
    (window as unknown as { __liveMark?: boolean }).__liveMark = true;
  });
}

async function expectSameDocument(page: Page) {
  expect(
    await page.evaluate(() => (window as unknown as { __liveMark?: boolean }).__liveMark),
  ).toBe(true);
}

async function createTicket(): Promise<Ticket> {
  const category = await body<{ id: string }>(
    await api.post('/api/cti/categories', { data: { name: names.category } }),
  );
  const type = await body<{ id: string }>(
    await api.post('/api/cti/types', { data: { name: names.type, categoryId: category.id } }),
  );
  const item = await body<{ id: string }>(
    await api.post('/api/cti/items', { data: { name: names.item, typeId: type.id } }),
  );
  return body<Ticket>(
    await api.post('/api/tickets', {
      data: {
        title: names.title,
        overview: 'The picture drops out every few minutes.',
        severity: 2,
        categoryId: category.id,
        typeId: type.id,
        itemId: item.id,
      },
    }),
  );
}

test('a ticket opened elsewhere appears on the dashboard without a reload', async ({ page }) => {
  await signIn(page, admin.username, admin.password);
  await page.getByLabel('Search tickets').fill(marker);
  await expect(page).toHaveURL(new RegExp(`q=${marker}`));
  await expect(page.getByText('No tickets match these filters')).toBeVisible();
  await expectLive(page);
  await markDocument(page);

  ticket = await createTicket();

  const row = page.getByTestId('ticket-row').filter({ hasText: names.title });
  await expect(row).toBeVisible();
  await expect(row).toContainText(ticket.displayId);
  await expectSameDocument(page);
  await shot(page, '20-live-dashboard');
});

test('status changes, comments and deletion made elsewhere show on the open ticket', async ({
  page,
}) => {
  if (!ticket) throw new Error('needs the ticket the previous test opened');
  const { id, displayId } = ticket;
  await signIn(page, admin.username, admin.password);
  await page.goto(`${baseUrl()}/tickets/${displayId}`);
  await expect(page.getByRole('heading', { name: names.title })).toBeVisible();
  await expectLive(page);
  await markDocument(page);
  const status = page.locator('.ticket-meta .status');
  await expect(status).toHaveText('Open');

  await test.step('status change', async () => {
    await body(await api.patch(`/api/tickets/${id}`, { data: { status: 'IN_PROGRESS' } }));
    await expect(status).toHaveText('In Progress');
    await expect(page.getByRole('combobox', { name: 'Status', exact: true })).toHaveValue(
      'IN_PROGRESS',
    );
    await expect(
      page.locator('[data-testid="audit-entry"][data-action="STATUS_CHANGED"]'),
    ).toBeVisible();
  });

  await test.step('new comment', async () => {
    await body(await api.post(`/api/tickets/${id}/comments`, { data: { body: names.comment } }));
    await expect(page.getByTestId('comment').filter({ hasText: names.comment })).toBeVisible();
    await expect(
      page.locator('[data-testid="audit-entry"][data-action="COMMENT_ADDED"]'),
    ).toBeVisible();
    await expectSameDocument(page);
    await shot(page, '21-live-ticket-detail');
  });

  await test.step('deletion', async () => {
    const deleted = await api.delete(`/api/tickets/${id}`);
    expect(deleted.ok(), `DELETE answered ${deleted.status()}`).toBe(true);
    await expect(page.getByText(`Ticket ${displayId} was not found`)).toBeVisible();
    await expectSameDocument(page);
  });
});
