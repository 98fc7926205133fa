// The week's clock (page.clock fixes the page's time; today is the date in Chongqing, UTC+8):
// before the week a line with the days left; during it a 今天 chip first and the whole list
// opened at today's group, the URL unchanged; after it a calm note. A 390 px screenshot of
// each lands in test-results/screens/ (looked at by hand).
import { test, expect } from '@playwright/test';
import { open, watchConsole } from './helpers.js';

const at = (iso) => new Date(iso);

test('before the week: how many days until it starts', async ({ page }) => {
  const w = watchConsole(page);
  await page.clock.setFixedTime(at('2024-05-10T09:00:00+08:00'));
  await open(page);
  const note = page.locator('#page .week-soon');
  await expect(note).toHaveText('还有 10 天开始，首场活动在5月20日。');
  await expect(page.locator('#page .chips .chip').first()).toHaveText('全部日期');
  await expect(page.locator('#page .week-over')).toHaveCount(0);
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
  await page.screenshot({ path: 'test-results/screens/clock-before.png' });
  w.check();
});

test('during the week: 今天 first in the date row and the list opened at today', async ({ page }) => {
  const w = watchConsole(page);
  await page.clock.setFixedTime(at('2024-05-28T09:00:00+08:00'));
  await open(page);
  const first = page.locator('#page .chips .chip').first();
  await expect(first).toContainText('今天 5月28日');
  await expect(first).toHaveAttribute('aria-pressed', 'false');
  await expect(page.locator('#g-2024-05-28')).toBeInViewport();
  await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(300);
  // The URL still says "the whole week".
  expect(new URL(page.url()).search).toBe('');
  await expect(page.locator('#page .week-soon, #page .week-over')).toHaveCount(0);
  await page.screenshot({ path: 'test-results/screens/clock-during.png' });

  // The chip picks today like the day's own chip.
  await page.evaluate(() => window.scrollTo(0, 0));
  await first.click();
  await expect(page).toHaveURL(/\?date=2024-05-28$/);
  await expect(first).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('#page .day h2').first()).toHaveText('5月28日 周二');
  w.check();
});

test('on a day of the sessions before the week, the list opens at them', async ({ page }) => {
  await page.clock.setFixedTime(at('2024-05-21T08:00:00+08:00'));
  await open(page);
  await expect(page.locator('#page .chips .chip').first()).toContainText('今天 5月21日');
  await expect(page.locator('#g-before')).toBeInViewport();
});

test('after the week: a calm note that this was 2024 and the schedule as it was', async ({ page }) => {
  const w = watchConsole(page);
  await page.clock.setFixedTime(at('2024-06-02T09:00:00+08:00'));
  await open(page);
  const note = page.locator('#page .week-over');
  await expect(note).toHaveText('2024年科技活动周已经结束，以下日程供查阅。');
  await expect(page.getByText('共 24 场活动')).toBeVisible();
  await expect(page.locator('#page .chips .chip').first()).toHaveText('全部日期');
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
  await page.screenshot({ path: 'test-results/screens/clock-after.png' });
  w.check();
});
