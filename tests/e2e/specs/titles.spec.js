// The browser tab's title (document.title) says what each view shows, and follows the view
// as the parent moves around (so history entries and pasted links read well).
import { test, expect } from '@playwright/test';
import { open, BOOKMARKS_KEY as KEY } from './helpers.js';

const SITE = '2024渝北区科技活动周';

test('every view has its own title', async ({ page }) => {
  await open(page);
  await expect(page).toHaveTitle(`${SITE} · 亲子活动日程`);

  await page.getByRole('searchbox').fill('航空');
  await expect(page).toHaveTitle(`搜索“航空” · ${SITE}`);

  await open(page, './?date=2024-05-26');
  await expect(page).toHaveTitle(`5月26日 周日 · ${SITE}`);

  await open(page, './?q=航空');
  const baseLink = page.locator('.card[data-session] p.meta a').first();
  const baseName = await baseLink.getAttribute('aria-label');
  await baseLink.click();
  await expect(page).toHaveTitle(`${baseName} · ${SITE}`);
  // Back to the search: its title again.
  await page.goBack();
  await expect(page).toHaveTitle(`搜索“航空” · ${SITE}`);

  await open(page, './?view=notice');
  await expect(page).toHaveTitle(`通知原文 · ${SITE}`);

  await open(page, './?view=week');
  await expect(page).toHaveTitle(`我的一周（0场） · ${SITE}`);
  await page.evaluate(([k, v]) => localStorage.setItem(k, v), [KEY, JSON.stringify({ v: 1, ids: ['sc1f26eef', 'sdbd9d7b7'] })]);
  await page.reload();
  await expect(page).toHaveTitle(`我的一周（2场） · ${SITE}`);

  await open(page, './?plan=sc1f26eef,sdbd9d7b7,s71418e15');
  await expect(page).toHaveTitle(`分享的活动计划（3场） · ${SITE}`);
});

test('link previews have Open Graph title, description and image', async ({ page }) => {
  await open(page);
  const meta = (p) => page.locator(`head meta[property="${p}"]`);
  await expect(meta('og:title')).toHaveAttribute('content', /2024渝北区科技活动周/);
  await expect(meta('og:description')).toHaveAttribute('content', /5月25日至6月1日/);
  const image = await meta('og:image').getAttribute('content');
  const response = await page.request.get(image);
  expect(response.ok()).toBe(true);
  expect(response.headers()['content-type']).toBe('image/png');
});
