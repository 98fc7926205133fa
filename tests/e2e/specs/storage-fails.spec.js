// Storage that fails in a real browser: localStorage full (filled by the test first), blocked
// (its getter throws, as with site data refused), and a private window that refuses every
// write (old Safari's private mode). One clear message per visit, the plan works in memory,
// the plan's link is offered to keep it, and nothing is thrown.
import { test, expect } from '@playwright/test';
import { open, watchConsole, shownSessionIds } from './helpers.js';

const badge = (page) => page.locator('nav.tabs .count');
const star = (page, id) => page.locator(`#page .card[data-session="${id}"]`).first().locator('button.star');
const alerts = (page) => page.locator('[role="alert"]');

/** Fills this origin's localStorage to the last character, under keys of its own. */
const fillStorage = (page) =>
  page.evaluate(() => {
    let chunk = 'x'.repeat(1 << 20);
    let n = 0;
    while (chunk.length > 0) {
      try {
        localStorage.setItem(`filler/${n++}`, chunk);
      } catch {
        chunk = chunk.slice(0, chunk.length >> 1);
      }
    }
    try {
      localStorage.setItem('filler/probe', 'x');
      return false;
    } catch {
      return true;
    }
  });

/** Bookmarks the first three sessions of the home page; returns their ids. */
async function bookmarkThree(page, after) {
  const ids = (await shownSessionIds(page)).slice(0, 3);
  for (const [i, id] of ids.entries()) {
    await star(page, id).click();
    await expect(badge(page)).toHaveText(String(i + 1));
    await after?.(i);
  }
  return ids;
}

/** The checks every failure shares: the message (shown once, and gone for the visit after
 * 知道了), the plan in memory, the link offered. */
async function expectOneMessageAndThePlanInMemory(page, words, notWords) {
  const ids = await bookmarkThree(page, async (i) => {
    await expect(alerts(page)).toHaveCount(i === 0 ? 1 : 0);
    if (i === 0) {
      const msg = alerts(page);
      await expect(msg).toContainText(words);
      for (const w of notWords) await expect(msg).not.toContainText(w);
      // The plan's link is the way to keep it.
      await expect(msg.getByRole('button', { name: '发送计划链接' })).toBeVisible();
      await page.screenshot({ path: `test-results/screens/storage-${words}.png` });
      await msg.getByRole('button', { name: '知道了' }).click();
    }
  });
  // The plan works for the visit: my week lists the three.
  await page.locator('nav.tabs a', { hasText: '我的一周' }).click();
  await expect(page.getByRole('heading', { level: 2, name: '我的一周（3场）' })).toBeVisible();
  for (const id of ids) await expect(page.locator(`#page .card[data-session="${id}"]`).first()).toBeVisible();
  await expect(alerts(page)).toHaveCount(0);
}

test('storage full: one message says it is full, the plan works for the visit and its link is offered', async ({ page }) => {
  const w = watchConsole(page);
  await open(page);
  expect(await fillStorage(page)).toBe(true);
  await page.reload();
  await expect(page.locator('#page[data-ready="true"]')).toBeVisible();
  await expect(alerts(page)).toHaveCount(0);
  await expectOneMessageAndThePlanInMemory(page, '已满', ['不可用']);
  await page.evaluate(() => localStorage.clear());
  w.check();
});

test('storage blocked: one message says it is unavailable, and nothing is thrown', async ({ page }) => {
  const w = watchConsole(page);
  await page.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', {
      configurable: true,
      get() {
        throw new DOMException('The operation is insecure.', 'SecurityError');
      },
    });
  });
  await open(page);
  expect(await page.evaluate(() => { try { return typeof localStorage; } catch (e) { return e.name; } })).toBe('SecurityError');
  await expectOneMessageAndThePlanInMemory(page, '不可用', ['已满']);
  w.check();
});

test('a private window that refuses every write is reported as unavailable, not as full', async ({ page }) => {
  const w = watchConsole(page);
  await page.addInitScript(() => {
    Storage.prototype.setItem = function setItem() {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
  });
  await open(page);
  await expectOneMessageAndThePlanInMemory(page, '不可用', ['已满']);
  w.check();
});
