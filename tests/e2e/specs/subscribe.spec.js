// The whole week's calendar, to subscribe to: written by the build at a stable address,
// served as text/calendar, offered on the home page as 订阅整周日历 (webcal: on Apple's
// systems, the https address elsewhere).
import { test, expect } from '@playwright/test';
import { open } from './helpers.js';

const FILE = 'yubei-week-2024-all.ics';

test('the build serves the whole week as one calendar', async ({ page, request }) => {
  const response = await request.get(FILE);
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toBe('text/calendar; charset=utf-8');
  const body = await response.text();
  const data = await (await request.get('data/yubei-2024.json')).json();
  const dated = data.sessions.filter((s) => s.start);
  expect(body.match(/^BEGIN:VEVENT\r$/gm)).toHaveLength(dated.length);
  for (const s of dated) expect(body).toContain(`UID:${s.id}@yubei-kejizhou-2024`);
  expect(body).toContain('BEGIN:VALARM');
  await open(page);
  // In the 订阅日历 menu beside the count.
  await page.locator('#page .subscribe summary').click();
  await expect(page.locator('#page .subscribe').getByRole('link', { name: '订阅整周日历' })).toHaveAttribute(
    'href',
    new URL(FILE, page.url()).href,
  );
});

test.describe('on an iPhone', () => {
  test.use({
    userAgent:
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
  });

  test('订阅整周日历 is a webcal: link', async ({ page }) => {
    await open(page);
    await page.locator('#page .subscribe summary').click();
    const href = await page.locator('#page .subscribe').getByRole('link', { name: '订阅整周日历' }).getAttribute('href');
    // Beside the page: the site's root, or an earlier edition's folder (2024/).
    const beside = new URL(FILE, page.url());
    expect(href).toBe(`webcal://${beside.host}${beside.pathname}`);
  });
});
