// A dataset with bad records: every record that reads is shown, the page says which were left
// out and why, bookmarks of good records still work; text from the dataset is only ever text.
// Each test serves its own dataset in place of data/yubei-2024.json, built from the committed
// one.
import { test, expect } from '@playwright/test';
import {
  open,
  showAll,
  shownSessionIds,
  watchConsole,
  committedDataset as committed,
  serveDataset as serve,
  DATASET_ROUTE,
  BOOKMARKS_KEY as KEY,
} from './helpers.js';

// A service worker controlling the page would fetch the dataset past the route.
test.use({ serviceWorkers: 'block' });

const cards = (page, id) => page.locator(`#page .card[data-session="${id}"]`);
const status = (page) => page.locator('#page .notice-msg[role="status"]');

test.describe('a dataset with bad records among good ones', () => {
  const ds = committed();
  const s = ds.sessions;
  // 实验室开放日 (5.25) on a day that does not exist: left out.
  const badDate = s[3].id;
  s[3].start = '2024-02-30';
  // 当非遗遇上科技 (5.25–5.27) ending before it starts: left out.
  const reversed = s[4].id;
  s[4].end = '2024-05-24';
  // 场馆免费开放 at 重庆市气象科普馆, with a base the dataset does not have: kept, without it.
  const orphan = s[1].id;
  s[1].base = 'bdeadbeef';
  // 趣探妇幼科普 健康伴你同行——儿童专场 (5.25): a good one to bookmark.
  const kids = s[10].id;
  const good = s.map((x) => x.id).filter((id) => id !== badDate && id !== reversed);

  test('every good record is listed and the page says what was left out and why', async ({ page }) => {
    const w = watchConsole(page);
    await serve(page, ds);
    await open(page);
    await showAll(page);
    expect((await shownSessionIds(page)).sort()).toEqual([...good].sort());
    await expect(page.getByText(`共 ${good.length} 场活动`)).toBeVisible();
    expect(good).toHaveLength(22);
    await expect(status(page)).toHaveText(
      `活动数据中有 3 条记录有问题，已略过 2 条：${badDate}（日期不存在：2024-02-30）、` +
        `${reversed}（结束早于开始）、${orphan}（找不到科普基地 bdeadbeef）。`,
    );
    // The one with an unknown base is shown with what is known: no base line, no link.
    await expect(cards(page, orphan)).toHaveCount(1);
    await expect(cards(page, orphan).locator('h3')).toHaveText('场馆免费开放');
    await expect(cards(page, orphan).locator('a')).toHaveCount(0);
    await expect(cards(page, orphan)).toContainText('地点：');
    await expect(cards(page, kids).locator('a')).toHaveCount(1);
    // The district activities and the bases are all there.
    await expect(page.getByRole('heading', { name: '区级主要活动' })).toBeVisible();
    w.check();
  });

  test('a good record can be bookmarked; a bookmark of one left out is kept apart', async ({ page }) => {
    const w = watchConsole(page);
    await serve(page, ds);
    await open(page);
    await showAll(page);
    const star = cards(page, kids).first().locator('button.star');
    await expect(star).toHaveAttribute('aria-pressed', 'false');
    await star.click();
    await expect(star).toHaveAttribute('aria-pressed', 'true');
    // A bookmark made before the record went bad.
    await page.evaluate(
      ([k, ids]) => localStorage.setItem(k, JSON.stringify({ v: 1, ids })),
      [KEY, [kids, badDate]],
    );
    await page.reload();
    await expect(page.locator('#page[data-ready="true"]')).toBeVisible();
    await page.locator('nav.tabs a', { hasText: '我的一周' }).click();
    await expect(page.getByRole('heading', { level: 2, name: '我的一周（2场）' })).toBeVisible();
    await expect(cards(page, kids)).toHaveCount(1);
    await expect(cards(page, kids).locator('button.star')).toHaveAttribute('aria-pressed', 'true');
    const gone = page
      .locator('#page section.day')
      .filter({ has: page.getByRole('heading', { level: 2, name: '已不在日程中的收藏' }) });
    await expect(gone).toContainText(badDate);
    // The page still says what was left out.
    await expect(status(page)).toContainText(`${badDate}（日期不存在：2024-02-30）`);
    w.check();
  });
});

test('more than three bad records: the first three are named, the rest counted', async ({ page }) => {
  const ds = committed();
  for (const i of [0, 2, 5, 7, 9]) ds.sessions[i].start = '2024-13-01';
  delete ds.sessions[11].place;
  await serve(page, ds);
  await open(page);
  const ids = [0, 2, 5].map((i) => `${ds.sessions[i].id}（日期不存在：2024-13-01）`);
  await expect(status(page)).toHaveText(
    `活动数据中有 6 条记录有问题，已略过 6 条：${ids.join('、')}（另有 3 条）。`,
  );
  await expect(page.getByText('共 18 场活动')).toBeVisible();
});

test('text from the dataset is shown as text and runs nothing', async ({ page }) => {
  const w = watchConsole(page);
  const dialogs = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    d.dismiss();
  });
  const ds = committed();
  const TITLE = '<img src=x onerror=alert(1)>';
  const NAME = '<script>alert(1)</script>';
  const session = ds.sessions[0];
  session.title = TITLE;
  const base = ds.bases.find((b) => b.id === session.base);
  base.name = NAME;
  await serve(page, ds);
  await open(page);
  await showAll(page);
  const card = cards(page, session.id);
  await expect(card.locator('h3')).toHaveText(TITLE);
  await expect(card.locator('p.meta a').first()).toHaveText(NAME);
  await expect(card.locator('button.star')).toHaveAttribute('aria-label', `加入我的一周：${TITLE}`);
  // Highlighted by a search: the text is split around <mark>, still text.
  await open(page, './?q=onerror');
  await expect(cards(page, session.id).locator('h3')).toHaveText(TITLE);
  await expect(cards(page, session.id).locator('h3 mark')).toHaveText('onerror');
  // The base's own page.
  await open(page, `./?base=${base.id}`);
  await expect(page.getByRole('heading', { level: 2, name: NAME })).toBeVisible();
  expect(await page.locator('img[src="x"], img[src=x]').count()).toBe(0);
  const scripts = await page.locator('script').evaluateAll((els) =>
    els.filter((e) => e.textContent.includes('alert(1)')).length,
  );
  expect(scripts).toBe(0);
  expect(await page.evaluate(() => document.body.innerHTML.includes('<img src=x'))).toBe(false);
  expect(dialogs).toEqual([]);
  w.check();
});

test('a body that is not JSON, or of another version, is still refused with a retry', async ({ page }) => {
  await serve(page, 'this is not JSON');
  await page.goto('./');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('活动数据已损坏');
  await expect(alert.getByRole('button', { name: '重试' })).toBeVisible();
  await page.unroute(DATASET_ROUTE);
  await serve(page, { ...committed(), version: 2 });
  await alert.getByRole('button', { name: '重试' }).click();
  await expect(page.getByRole('alert')).toContainText('活动数据的格式版本为 2');
  await expect(page.getByRole('alert').getByRole('button', { name: '重试' })).toBeVisible();
  await expect(page.locator('#page .card')).toHaveCount(0);
});
