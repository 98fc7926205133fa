// Apps' built-in browsers (here WeChat's user agent): no calendar download that does nothing,
// but how to open the page in the phone's browser and the plan's link to copy; after the
// first bookmark made there, the plan's link is offered once, not on the next bookmark.
import { test, expect } from '@playwright/test';
import { open, watchConsole, stubShare, sharedWith, expectNoAxeViolations, openWithBookmarks } from './helpers.js';

const WECHAT =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI Language/zh_CN';
const AIR = 'sc1f26eef';
const LAB = 'sdbd9d7b7';

test.use({ userAgent: WECHAT });

const star = (page, id) => page.locator(`#page .card[data-session="${id}"]`).first().locator('button.star');

test('my week: the calendar button explains how to open the page in the browser and copies the plan link', async ({ page }) => {
  const w = watchConsole(page);
  await openWithBookmarks(page, [AIR, LAB]);
  await expect(page.getByRole('heading', { level: 2, name: '我的一周（2场）' })).toBeVisible();
  // No download link, neither for the plan nor for a session.
  await expect(page.locator('a[download]')).toHaveCount(0);
  await expect(page.locator('a[href^="data:text/calendar"]')).toHaveCount(0);
  const help = page.locator('.in-app-help');
  await expect(help).toContainText('右上角 ··· → 在浏览器打开');
  await stubShare(page);
  await help.getByRole('button', { name: '复制计划链接' }).click();
  await expect.poll(() => sharedWith(page)).toHaveLength(1);
  const [shared] = await sharedWith(page);
  expect(shared.url).toBe(new URL(`./?plan=${AIR},${LAB}`, page.url()).href);
  await expectNoAxeViolations(page);
  w.check();
});

test('the plan link is offered after the first bookmark, once', async ({ page }) => {
  const w = watchConsole(page);
  await open(page);
  const offer = page.locator('.keep-plan');
  await expect(offer).toHaveCount(0);
  await star(page, AIR).click();
  await expect(offer).toBeVisible();
  await expect(offer).toContainText('收藏可能被清除');
  await stubShare(page);
  await offer.getByRole('button', { name: '发送计划链接' }).click();
  await expect.poll(() => sharedWith(page)).toHaveLength(1);
  expect((await sharedWith(page))[0].url).toBe(new URL(`./?plan=${AIR}`, page.url()).href);
  await page.screenshot({ path: 'test-results/screens/wechat-offer.png' });
  await offer.getByRole('button', { name: '知道了' }).click();
  await expect(offer).toHaveCount(0);
  // The second bookmark: no offer again.
  await star(page, LAB).click();
  await expect(page.locator('nav.tabs .count')).toHaveText('2');
  await expect(offer).toHaveCount(0);
  w.check();
});

test('the home page offers the whole week’s calendar address to copy, not a subscription link', async ({ page }) => {
  await open(page);
  const box = page.locator('#page .subscribe');
  await box.locator('summary').click();
  await expect(box.getByRole('button', { name: '复制整周日历的订阅地址' })).toBeVisible();
  await expect(box.getByRole('link', { name: '订阅整周日历' })).toHaveCount(0);
  await stubShare(page);
  await box.getByRole('button', { name: '复制整周日历的订阅地址' }).click();
  await expect.poll(() => sharedWith(page)).toHaveLength(1);
  expect((await sharedWith(page))[0].url).toBe(new URL('./yubei-week-2024-all.ics', page.url()).href);
});
