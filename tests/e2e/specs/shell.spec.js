// The app shell: the dataset is fetched and shown; a failed fetch explains itself and the
// retry button recovers; a normal load logs no console error; axe finds nothing.
import { test, expect } from '@playwright/test';
import { open, watchConsole, expectNoAxeViolations, showAll } from './helpers.js';

const DATA = '**/data/yubei-2024.json';

test('renders the fetched dataset without console errors', async ({ page }) => {
  const consoleWatch = watchConsole(page);
  await open(page);
  await expect(page.locator('header h1')).toHaveText('2024渝北区科技活动周');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByText('共 24 场活动')).toBeVisible();
  await expect(page.locator('.card[data-session]').first()).toBeVisible();
  await showAll(page);
  await expect(page.getByRole('heading', { name: '区级主要活动' })).toBeVisible();
  consoleWatch.check();
});

test('static first paint shows the header and the week before the app runs', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('./');
  await expect(page.locator('header h1')).toHaveText('2024渝北区科技活动周');
  await expect(page.getByText('共 24 场活动')).toBeVisible();
  await expect(page.locator('.skeleton')).toBeHidden();
  await context.close();
});

// These tests answer the dataset request themselves, so the service worker is kept out: once
// it controls the page (it may, before the app asks for the data) it would fetch the data
// past the test's route.
test.describe('when the dataset cannot be loaded', () => {
  test.use({ serviceWorkers: 'block' });

  test('a server error shows the message and retry recovers', async ({ page }) => {
    let fail = true;
    await page.route(DATA, (route) =>
      fail ? route.fulfill({ status: 500, body: 'boom' }) : route.continue(),
    );
    await page.goto('./');
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('活动数据加载失败');
    await expect(alert).toContainText('HTTP 500');
    fail = false;
    await alert.getByRole('button', { name: '重试' }).click();
    await expect(page.getByText('共 24 场活动')).toBeVisible();
    await expect(page.getByRole('alert')).toHaveCount(0);
  });

  test('invalid JSON shows the message and retry recovers', async ({ page }) => {
    let broken = true;
    await page.route(DATA, (route) =>
      broken
        ? route.fulfill({ status: 200, contentType: 'application/json', body: '{"version": 1, "notice": ' })
        : route.continue(),
    );
    await page.goto('./');
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('活动数据已损坏');
    broken = false;
    await alert.getByRole('button', { name: '重试' }).click();
    await expect(page.getByText('共 24 场活动')).toBeVisible();
  });

  test('a dead network shows the message', async ({ page }) => {
    await page.route(DATA, (route) => route.abort('internetdisconnected'));
    await page.goto('./');
    await expect(page.getByRole('alert')).toContainText('网络连接失败');
  });
});

test('axe finds no violations on the home page', async ({ page }) => {
  await open(page);
  await expectNoAxeViolations(page);
});
