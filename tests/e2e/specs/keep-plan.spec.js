// Safari forgets: every parent, not only in apps' built-in browsers, is offered the plan's
// link as a backup once the week holds a few sessions; once, unobtrusive, and dismissed for
// good with 知道了. On an iPhone it says what Safari does with a site's storage.
import { test, expect } from '@playwright/test';
import { open, watchConsole, shownSessionIds, stubShare, sharedWith } from './helpers.js';

const IPHONE_SAFARI =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';

const badge = (page) => page.locator('nav.tabs .count');
const star = (page, id) => page.locator(`#page .card[data-session="${id}"]`).first().locator('button.star');
const offer = (page) => page.locator('.keep-plan');

async function bookmark(page, ids) {
  for (const id of ids) {
    const before = Number((await badge(page).count()) ? await badge(page).textContent() : 0);
    await star(page, id).click();
    await expect(badge(page)).toHaveText(String(before + 1));
  }
}

test('the plan link is offered as a backup after the third bookmark, and 知道了 is remembered', async ({ page }) => {
  const w = watchConsole(page);
  await open(page);
  const ids = await shownSessionIds(page);
  await bookmark(page, ids.slice(0, 2));
  await expect(offer(page)).toHaveCount(0);
  await bookmark(page, ids.slice(2, 3));
  await expect(offer(page)).toBeVisible();
  await expect(offer(page)).toContainText('备份');
  await expect(offer(page)).not.toContainText('7 天');
  await stubShare(page);
  await offer(page).getByRole('button', { name: '发送计划链接' }).click();
  await expect.poll(() => sharedWith(page)).toHaveLength(1);
  expect((await sharedWith(page))[0].url).toBe(new URL(`./?plan=${ids.slice(0, 3).join(',')}`, page.url()).href);
  await offer(page).getByRole('button', { name: '知道了' }).click();
  await expect(offer(page)).toHaveCount(0);
  await bookmark(page, ids.slice(3, 4));
  await expect(offer(page)).toHaveCount(0);
  // Dismissed for good: not on the next visit either.
  await page.reload();
  await expect(page.locator('#page[data-ready="true"]')).toBeVisible();
  await bookmark(page, ids.slice(4, 5));
  await expect(offer(page)).toHaveCount(0);
  w.check();
});

test.describe('on an iPhone', () => {
  test.use({ userAgent: IPHONE_SAFARI });

  test('the offer says Safari deletes a site’s storage after 7 days without a visit', async ({ page }) => {
    const w = watchConsole(page);
    await open(page);
    const ids = await shownSessionIds(page);
    await bookmark(page, ids.slice(0, 3));
    await expect(offer(page)).toBeVisible();
    await expect(offer(page)).toContainText('7 天');
    await expect(offer(page)).toContainText('主屏幕');
    await page.screenshot({ path: 'test-results/screens/iphone-keep-plan.png' });
    w.check();
  });
});
