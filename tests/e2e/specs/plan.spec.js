// "My week": bookmarks kept in localStorage, the plan by day with its warnings, other tabs,
// unreadable stored data, share links, calendar export, clearing with undo, and bookmarks
// whose session left the dataset.
import { readFile } from 'node:fs/promises';
import { test, expect } from '@playwright/test';
import { open, watchConsole, expectNoAxeViolations, expectPhoneFit, showAll, stubShare, sharedWith, BOOKMARKS_KEY as KEY, openWithBookmarks } from './helpers.js';

const BACKUP = 'yubei-week/bookmarks/unreadable';

// Sessions of data/yubei-2024.json used below.
const S = {
  // 5.21, before the week: 重庆市气象科普馆's 气象+ at 新牌坊小学.
  before: 's60731c05',
  // 5.25 only, at its base: 重庆市人口和计划生育科学技术研究院科普基地's 实验室开放日.
  lab: 'sdbd9d7b7',
  // 5.25 only, at 市主会场（创客港·未来科技园）: 重庆市妇幼保健科普基地's 儿童专场.
  kids: 'sa0890b42',
  // 5.25–5.27 at 市主会场: 华夏云翼航空科普基地's 科技带动发展，航空引领未来.
  air: 'sc1f26eef',
  // 5.31, note 其他时间预约开放: 重庆市气象科普馆's 场馆免费开放 (phone 17783199721).
  weather: 's71418e15',
  // No date (note 时间未定): 重庆工业职业技术学院's 青少年进大学校园，工业科技实践活动.
  tbd: 's65238974',
};
const TITLES = {
  [S.before]: '气象+',
  [S.lab]: '实验室开放日',
  [S.kids]: '趣探妇幼科普 健康伴你同行——儿童专场',
  [S.air]: '科技带动发展，航空引领未来',
  [S.weather]: '场馆免费开放',
  [S.tbd]: '青少年进大学校园，工业科技实践活动',
};
/** What the stored format (version 2) keeps of a bookmark, as the dataset has it. */
const ABOUT = {
  [S.lab]: { title: TITLES[S.lab], start: '2024-05-25', end: '2024-05-25' },
  [S.weather]: { title: TITLES[S.weather], start: '2024-05-31', end: '2024-05-31' },
};
const MAIN_VENUE = '市主会场（创客港·未来科技园）';
const LAB_BASE = '重庆市人口和计划生育科学技术研究院科普基地';

const badge = (page) => page.locator('nav.tabs .count');
const weekTab = (page) => page.locator('nav.tabs a', { hasText: '我的一周' });
/** Every card of a session (a multi-day session has one per day). */
const cards = (page, id) => page.locator(`#page .card[data-session="${id}"]`);
/** The star of a session's first card. */
const star = (page, id) => cards(page, id).first().locator('button.star');
const weekHeading = (page) => page.getByRole('heading', { level: 2, name: /^我的一周（\d+场）$/ });

/** Taps the star of `id` (on its first card) and checks it is now on, on every card. */
async function bookmark(page, id) {
  const s = star(page, id);
  await expect(s).toHaveAttribute('aria-pressed', 'false');
  await expect(s).toHaveAttribute('aria-label', `加入我的一周：${TITLES[id]}`);
  await s.click();
  for (const c of await cards(page, id).all()) {
    await expect(c.locator('button.star')).toHaveAttribute('aria-pressed', 'true');
    await expect(c.locator('button.star')).toHaveAttribute('aria-label', `从我的一周移除：${TITLES[id]}`);
  }
}

/** The stored value under KEY, parsed (null when absent). */
async function stored(page) {
  const raw = await page.evaluate((k) => localStorage.getItem(k), KEY);
  return raw === null ? null : JSON.parse(raw);
}

/** The plan's groups as shown: each heading with the session ids under it (sorted). */
async function planGroups(page) {
  return page.locator('#page section.day').evaluateAll((sections) =>
    sections.map((s) => ({
      day: s.querySelector(':scope > h2').textContent,
      ids: [...new Set([...s.querySelectorAll('.card[data-session]')].map((c) => c.dataset.session))].sort(),
    })),
  );
}

const daySection = (page, heading) =>
  page.locator('#page section.day').filter({ has: page.getByRole('heading', { level: 2, name: heading, exact: true }) });

/** A new browser (no shared storage) with the same phone settings as the config. */
async function freshPhone(browser) {
  return browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
  });
}

/** Unfolds an iCalendar text (RFC 5545 §3.1) into its content lines. */
function icsLines(text) {
  return text.replace(/\r\n[ \t]/g, '').split('\r\n');
}

/** The VEVENTs of an iCalendar text, each as a map of property (with parameters) to value. */
function icsEvents(text) {
  const events = [];
  let current = null;
  for (const l of icsLines(text)) {
    if (l === 'BEGIN:VEVENT') current = {};
    else if (l === 'END:VEVENT') {
      events.push(current);
      current = null;
    } else if (current) {
      const i = l.indexOf(':');
      current[l.slice(0, i)] = l.slice(i + 1);
    }
  }
  return events;
}

async function downloadText(page, link) {
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const path = await download.path();
  return { name: download.suggestedFilename(), text: await readFile(path, 'utf8') };
}

test('stars survive a reload; my week groups by day with place and booking warnings', async ({ page }) => {
  const w = watchConsole(page);
  await open(page);
  await showAll(page);
  await expect(badge(page)).toHaveCount(0);
  // A multi-day session, a 5.25 one and the 5.31 one with a booking note.
  for (const id of [S.air, S.lab, S.weather]) await bookmark(page, id);
  await expect(badge(page)).toHaveText('3');
  await page.reload();
  await expect(page.locator('#page[data-ready="true"]')).toBeVisible();
  await showAll(page);
  for (const id of [S.air, S.lab, S.weather]) {
    for (const c of await cards(page, id).all()) {
      await expect(c.locator('button.star')).toHaveAttribute('aria-pressed', 'true');
    }
  }
  await expect(badge(page)).toHaveText('3');
  await expect(badge(page)).toHaveAttribute('aria-label', '已收藏3场');
  // Something else is not bookmarked.
  await expect(star(page, S.kids)).toHaveAttribute('aria-pressed', 'false');
  expect((await stored(page)).ids).toEqual([S.air, S.lab, S.weather]);

  await weekTab(page).click();
  await expect(page).toHaveURL(/\?view=week$/);
  await expect(weekTab(page)).toHaveAttribute('aria-current', 'page');
  await expect(weekHeading(page)).toHaveText('我的一周（3场）');
  expect(await planGroups(page)).toEqual([
    { day: '5月25日 周六', ids: [S.lab, S.air].sort() },
    { day: '5月26日 周日', ids: [S.air] },
    { day: '5月27日 周一', ids: [S.air] },
    { day: '5月31日 周五', ids: [S.weather] },
  ]);
  // The multi-day session at the main venue makes no conflict with the 5.25 one at its base.
  await expect(page.getByText(/注意：这一天收藏的活动在不同地点/)).toHaveCount(0);
  // The booking reminder, with a tap-to-call link, under 5.31 only.
  const may31 = daySection(page, '5月31日 周五');
  const reminder = may31.getByRole('note').filter({ hasText: '其他时间预约开放' });
  await expect(reminder).toContainText('场馆免费开放：其他时间预约开放。请先电话联系重庆市气象科普馆');
  await expect(reminder.getByRole('link', { name: '拨打 17783199721', exact: true })).toHaveAttribute(
    'href',
    'tel:17783199721',
  );
  await expect(page.locator('#page a[href^="tel:"]')).toHaveCount(1);

  // Two single-day sessions on 5.25 at different places; also one before the week and an
  // undated one, which go first and last.
  await page.getByRole('link', { name: '活动日程' }).click();
  for (const id of [S.kids, S.tbd, S.before]) await bookmark(page, id);
  await expect(badge(page)).toHaveText('6');
  await weekTab(page).click();
  await expect(weekHeading(page)).toHaveText('我的一周（6场）');
  expect(await planGroups(page)).toEqual([
    { day: '不在活动周内', ids: [S.before] },
    { day: '5月25日 周六', ids: [S.lab, S.kids, S.air].sort() },
    { day: '5月26日 周日', ids: [S.air] },
    { day: '5月27日 周一', ids: [S.air] },
    { day: '5月31日 周五', ids: [S.weather] },
    { day: '时间未定', ids: [S.tbd] },
  ]);
  const conflicts = page.getByRole('note').filter({ hasText: '注意：这一天收藏的活动在不同地点' });
  await expect(conflicts).toHaveCount(1);
  await expect(daySection(page, '5月25日 周六').getByRole('note').first()).toHaveText(
    `注意：这一天收藏的活动在不同地点：${LAB_BASE}、${MAIN_VENUE}`,
  );
  // The undated session's note is a reminder too, with its base's phone.
  await expect(daySection(page, '时间未定').getByRole('note')).toContainText('时间未定');
  await expect(daySection(page, '时间未定').locator('a[href^="tel:"]')).not.toHaveCount(0);

  // Removing a bookmark from the plan with its star takes it out of every day.
  await daySection(page, '5月26日 周日').locator('button.star').click();
  await expect(weekHeading(page)).toHaveText('我的一周（5场）');
  await expect(cards(page, S.air)).toHaveCount(0);
  await expect(page.getByRole('heading', { name: '5月26日 周日' })).toHaveCount(0);
  await expect(badge(page)).toHaveText('5');
  w.check();
});

test('a bookmark made in one tab shows in another without a reload', async ({ context }) => {
  const home = await context.newPage();
  const week = await context.newPage();
  const w1 = watchConsole(home);
  const w2 = watchConsole(week);
  await open(home);
  await showAll(home);
  await open(week, './?view=week');
  await expect(week.getByText('还没有收藏活动')).toBeVisible();
  await bookmark(home, S.weather);
  await expect(cards(week, S.weather)).toHaveCount(1);
  await expect(weekHeading(week)).toHaveText('我的一周（1场）');
  await expect(badge(week)).toHaveText('1');
  // Removing it in the plan tab turns the star off in the list tab.
  await star(week, S.weather).click();
  await expect(week.getByText('还没有收藏活动')).toBeVisible();
  await expect(star(home, S.weather)).toHaveAttribute('aria-pressed', 'false');
  await expect(badge(home)).toHaveCount(0);
  // Site data cleared in one tab (a storage event without a key): the other follows.
  await bookmark(home, S.lab);
  await expect(cards(week, S.lab)).toHaveCount(1);
  await week.evaluate(() => localStorage.clear());
  await expect(star(home, S.lab)).toHaveAttribute('aria-pressed', 'false');
  await expect(badge(home)).toHaveCount(0);
  w1.check();
  w2.check();
});

test('unreadable stored bookmarks are kept aside, the user is told, bookmarking still works', async ({ page }) => {
  const w = watchConsole(page);
  const garbage = '{"v":1,"ids":[ not json at all \u0000 ☆';
  await open(page);
  await page.evaluate(([k, v]) => localStorage.setItem(k, v), [KEY, garbage]);
  await page.reload();
  await expect(page.locator('#page[data-ready="true"]')).toBeVisible();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('无法读取');
  await expect(alert).toContainText('备份');
  // The app works: the list is there, nothing is bookmarked.
  await expect(page.getByText('共 24 场活动')).toBeVisible();
  await expect(badge(page)).toHaveCount(0);
  expect(await page.evaluate((k) => localStorage.getItem(k), BACKUP)).toBe(garbage);

  await bookmark(page, S.lab);
  await expect(badge(page)).toHaveText('1');
  await expect.poll(() => stored(page)).toEqual({ v: 2, ids: [S.lab], about: { [S.lab]: ABOUT[S.lab] } });
  await alert.getByRole('button', { name: '知道了' }).click();
  await expect(page.getByRole('alert')).toHaveCount(0);
  await page.reload();
  await expect(page.locator('#page[data-ready="true"]')).toBeVisible();
  // Told once: the backup is made, the value is readable again.
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(star(page, S.lab)).toHaveAttribute('aria-pressed', 'true');
  expect(await page.evaluate((k) => localStorage.getItem(k), BACKUP)).toBe(garbage);
  w.check();
});

test('partly readable stored bookmarks keep what can be read', async ({ page }) => {
  const raw = JSON.stringify({ v: 1, ids: [S.weather, 42, 'NOT AN ID', S.lab] });
  await open(page);
  await page.evaluate(([k, v]) => localStorage.setItem(k, v), [KEY, raw]);
  await page.reload();
  await expect(page.getByRole('alert')).toContainText('已恢复 2 项');
  await expect(badge(page)).toHaveText('2');
  expect(await page.evaluate((k) => localStorage.getItem(k), BACKUP)).toBe(raw);
  await expect
    .poll(() => stored(page))
    .toEqual({ v: 2, ids: [S.weather, S.lab], about: { [S.weather]: ABOUT[S.weather], [S.lab]: ABOUT[S.lab] } });
});

test('a shared plan opens read-only in another browser and imports without duplicates', async ({
  page,
  browser,
}) => {
  const ids = [S.weather, S.air, S.lab];
  await openWithBookmarks(page, ids);
  // The phone's share sheet (Web Share API), recording what it is given.
  await stubShare(page);
  await page.getByRole('button', { name: '分享我的一周' }).click();
  await expect(page.getByText('已分享')).toBeVisible();
  const link = new URL(`./?plan=${ids.join(',')}`, page.url()).href;
  expect(await sharedWith(page)).toStrictEqual([{ title: '2024渝北区科技活动周', url: link }]);

  const phone = await freshPhone(browser);
  const other = await phone.newPage();
  const w = watchConsole(other);
  await open(other, link);
  await expect(other.getByRole('heading', { level: 2, name: '分享的活动计划（3场）' })).toBeVisible();
  await expect(other.getByText('只供查看')).toBeVisible();
  expect(await planGroups(other)).toEqual([
    { day: '5月25日 周六', ids: [S.lab, S.air].sort() },
    { day: '5月26日 周日', ids: [S.air] },
    { day: '5月27日 周一', ids: [S.air] },
    { day: '5月31日 周五', ids: [S.weather] },
  ]);
  // Read-only: nothing to clear or remove, nothing bookmarked yet on this phone.
  await expect(other.getByRole('button', { name: '清空' })).toHaveCount(0);
  await expect(other.getByRole('button', { name: '移除' })).toHaveCount(0);
  await expect(badge(other)).toHaveCount(0);
  expect(await stored(other)).toBeNull();

  await other.getByRole('button', { name: '全部加入我的一周' }).click();
  await expect(other.getByText('已加入 3 场')).toBeVisible();
  await expect(badge(other)).toHaveText('3');
  await other.reload();
  await expect(other.locator('#page[data-ready="true"]')).toBeVisible();
  await expect(badge(other)).toHaveText('3');
  expect((await stored(other)).ids).toEqual(ids);

  // The same link again: nothing is added twice.
  await open(other, link);
  await other.getByRole('button', { name: '全部加入我的一周' }).click();
  await expect(other.getByText('已加入 0 场')).toBeVisible();
  await expect(badge(other)).toHaveText('3');
  expect((await stored(other)).ids).toEqual(ids);

  await other.getByRole('link', { name: '查看我的一周' }).click();
  await expect(weekHeading(other)).toHaveText('我的一周（3场）');
  w.check();
  await phone.close();
});

test('a shared link with an unknown id lists it as not found and imports only the rest', async ({ page }) => {
  const w = watchConsole(page);
  await open(page, `./?plan=${S.weather},sdeadbeef`);
  const missing = daySection(page, '未找到的活动');
  await expect(missing).toContainText('sdeadbeef');
  await expect(missing.getByRole('button')).toHaveCount(0);
  await expect(cards(page, S.weather)).toHaveCount(1);
  await expect(page.getByRole('heading', { level: 2, name: '分享的活动计划（1场）' })).toBeVisible();
  await page.getByRole('button', { name: '全部加入我的一周' }).click();
  await expect(page.getByText('已加入 1 场（已有的不重复添加；1 场未找到，未加入）')).toBeVisible();
  await expect(badge(page)).toHaveText('1');
  expect((await stored(page)).ids).toEqual([S.weather]);
  // Nothing known at all: nothing to add.
  await open(page, './?plan=sdeadbeef,s00000000');
  await expect(daySection(page, '未找到的活动')).toContainText('s00000000');
  await expect(page.getByRole('button', { name: '全部加入我的一周' })).toHaveCount(0);
  w.check();
});

test('only undated bookmarks: no empty calendar is offered, and the plan says why', async ({ page }) => {
  await openWithBookmarks(page, [S.tbd]);
  await expect(weekHeading(page)).toHaveText('我的一周（1场）');
  await expect(page.getByRole('link', { name: '导出到日历（.ics）' })).toHaveCount(0);
  await expect(page.getByText(`时间未定的活动不能导出到日历：「${TITLES[S.tbd]}」`)).toBeVisible();
  // Once a dated session joins, the export is there.
  await page.getByRole('link', { name: '活动日程' }).click();
  await bookmark(page, S.lab);
  await weekTab(page).click();
  await expect(page.getByRole('link', { name: '导出到日历（.ics）' })).toBeVisible();
});

test('the .ics export holds every dated bookmark, and one session downloads alone', async ({ page }) => {
  const w = watchConsole(page);
  const ids = [S.air, S.weather, S.lab, S.tbd, S.before];
  await openWithBookmarks(page, ids);
  const all = page.getByRole('link', { name: '导出到日历（.ics）' });
  await expect(all).toHaveAttribute('download', 'yubei-week-2024.ics');
  const { name, text } = await downloadText(page, all);
  expect(name).toBe('yubei-week-2024.ics');
  expect(text.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
  expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
  // Every line ends in CRLF: no bare LF or CR.
  expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  const events = icsEvents(text);
  const dated = {
    [S.air]: ['20240525', '20240528'],
    [S.weather]: ['20240531', '20240601'],
    [S.lab]: ['20240525', '20240526'],
    [S.before]: ['20240521', '20240522'],
  };
  expect(events.map((e) => e.UID).sort()).toEqual(
    Object.keys(dated).map((id) => `${id}@yubei-kejizhou-2024`).sort(),
  );
  for (const [id, [start, end]] of Object.entries(dated)) {
    const e = events.find((x) => x.UID === `${id}@yubei-kejizhou-2024`);
    expect(e['DTSTART;VALUE=DATE']).toBe(start);
    expect(e['DTEND;VALUE=DATE']).toBe(end);
    expect(e.SUMMARY).toBe(TITLES[id].replace(/,/g, '\\,'));
  }
  // The undated session has no event, and the plan says so.
  expect(text).not.toContain(S.tbd);
  await expect(page.getByText(`时间未定的活动不能导出到日历：「${TITLES[S.tbd]}」`)).toBeVisible();

  // One session's own link.
  const card = cards(page, S.weather);
  const one = card.getByRole('link', { name: '加入日历' });
  await expect(one).toHaveAttribute('download', `yubei-week-2024-${S.weather}.ics`);
  const single = await downloadText(page, one);
  expect(single.name).toBe(`yubei-week-2024-${S.weather}.ics`);
  const [only] = icsEvents(single.text);
  expect(icsEvents(single.text)).toHaveLength(1);
  expect(only.UID).toBe(`${S.weather}@yubei-kejizhou-2024`);
  expect(only.SUMMARY).toBe('场馆免费开放');
  expect(only['DTSTART;VALUE=DATE']).toBe('20240531');
  expect(only.LOCATION).toContain('重庆市渝北区新牌坊一路68号');
  // The undated session has nothing to add to a calendar.
  await expect(cards(page, S.tbd).getByRole('link', { name: '加入日历' })).toHaveCount(0);
  w.check();
});

test('clear all asks first, can be undone, and stays cleared after a reload', async ({ page }) => {
  const w = watchConsole(page);
  const ids = [S.air, S.weather, S.lab];
  await openWithBookmarks(page, ids);
  await expect(weekHeading(page)).toHaveText('我的一周（3场）');

  // Cancel keeps everything.
  await page.getByRole('button', { name: '清空', exact: true }).click();
  const dialog = page.getByRole('alertdialog', { name: '确认清空' });
  await expect(dialog).toBeVisible();
  // Focus goes to the safe choice.
  await expect(dialog.getByRole('button', { name: '取消' })).toBeFocused();
  await dialog.getByRole('button', { name: '取消' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(weekHeading(page)).toHaveText('我的一周（3场）');

  await page.getByRole('button', { name: '清空', exact: true }).click();
  await dialog.getByRole('button', { name: '确定清空' }).click();
  await expect(weekHeading(page)).toHaveText('我的一周（0场）');
  await expect(page.getByText('还没有收藏活动')).toBeVisible();
  await expect(page.locator('#page .card[data-session]')).toHaveCount(0);
  await expect(badge(page)).toHaveCount(0);
  expect(await stored(page)).toEqual({ v: 2, ids: [], about: {} });
  // The pressed button is gone; focus moves to the undo, not to the top of the page.
  await expect(page.getByRole('button', { name: '撤销' })).toBeFocused();

  await page.getByRole('button', { name: '撤销' }).click();
  await expect(weekHeading(page)).toHaveText('我的一周（3场）');
  await expect(page.getByRole('button', { name: '撤销' })).toHaveCount(0);
  await expect(badge(page)).toHaveText('3');
  expect((await stored(page)).ids).toEqual(ids);
  expect(await planGroups(page)).toHaveLength(4);

  await page.getByRole('button', { name: '清空', exact: true }).click();
  await dialog.getByRole('button', { name: '确定清空' }).click();
  await expect(page.getByText('还没有收藏活动')).toBeVisible();
  await page.reload();
  await expect(page.locator('#page[data-ready="true"]')).toBeVisible();
  await expect(weekHeading(page)).toHaveText('我的一周（0场）');
  await expect(page.getByText('还没有收藏活动')).toBeVisible();
  await expect(page.getByRole('button', { name: '撤销' })).toHaveCount(0);
  await expect(badge(page)).toHaveCount(0);
  w.check();
});

test('a bookmark whose session left the dataset stays listed until removed', async ({ page }) => {
  const w = watchConsole(page);
  await openWithBookmarks(page, ['sdeadbeef', S.weather]);
  await expect(weekHeading(page)).toHaveText('我的一周（2场）');
  const gone = daySection(page, '已不在日程中的收藏');
  await expect(gone).toContainText('sdeadbeef');
  await expect(cards(page, S.weather)).toHaveCount(1);
  // Not dropped by loading or by another change.
  await page.reload();
  await expect(gone).toContainText('sdeadbeef');
  expect((await stored(page)).ids).toEqual(['sdeadbeef', S.weather]);

  await gone.getByRole('button', { name: '移除' }).click();
  await expect(page.getByRole('heading', { name: '已不在日程中的收藏' })).toHaveCount(0);
  await expect(weekHeading(page)).toHaveText('我的一周（1场）');
  await expect(cards(page, S.weather)).toHaveCount(1);
  expect((await stored(page)).ids).toEqual([S.weather]);
  await page.reload();
  await expect(weekHeading(page)).toHaveText('我的一周（1场）');
  w.check();
});

test('axe: no violations on my week with bookmarks', async ({ page }) => {
  await openWithBookmarks(page, [S.air, S.lab, S.kids, S.weather, S.tbd, 'sdeadbeef']);
  await expect(page.getByRole('heading', { name: '已不在日程中的收藏' })).toBeVisible();
  await expectNoAxeViolations(page);
  // With the confirmation open, and after clearing (undo offered).
  await page.getByRole('button', { name: '清空', exact: true }).click();
  await expect(page.getByRole('alertdialog')).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: '确定清空' }).click();
  await expect(page.getByRole('button', { name: '撤销' })).toBeVisible();
  await expectNoAxeViolations(page);
});

test('axe: no violations on a shared plan', async ({ page }) => {
  await open(page, `./?plan=${[S.air, S.lab, S.kids, S.weather, 'sdeadbeef'].join(',')}`);
  await expect(page.getByRole('button', { name: '全部加入我的一周' })).toBeVisible();
  await expectNoAxeViolations(page);
});

test('my week fits a 390 px phone without horizontal scrolling', async ({ page }) => {
  await openWithBookmarks(page, [S.air, S.lab, S.kids, S.weather, S.tbd, 'sdeadbeef']);
  await expectPhoneFit(page, '#page button, #page a.btn');
});

test('bookmarks stored by the first release ({"v":1,"ids":[…]}) are read without losing one, and kept until replaced', async ({ page }) => {
  const w = watchConsole(page);
  // Exactly what the first release wrote for these bookmarks.
  const v1 = `{"v":1,"ids":["${S.air}","${S.lab}","${S.tbd}","sdeadbeef"]}`;
  await open(page, './?view=week');
  await page.evaluate(([k, v]) => localStorage.setItem(k, v), [KEY, v1]);
  await page.reload();
  await expect(page.locator('#page[data-ready="true"]')).toBeVisible();
  await expect(weekHeading(page)).toHaveText('我的一周（4场）');
  for (const id of [S.air, S.lab, S.tbd]) await expect(cards(page, id).first()).toBeVisible();
  await expect(daySection(page, '已不在日程中的收藏')).toContainText('sdeadbeef');
  await expect(page.getByRole('alert')).toHaveCount(0);
  // Rewritten in the new format with every id and what each session is; the old value kept.
  await expect.poll(async () => (await stored(page))?.v).toBe(2);
  const now = await stored(page);
  expect(now.ids).toEqual([S.air, S.lab, S.tbd, 'sdeadbeef']);
  expect(now.about[S.lab]).toEqual(ABOUT[S.lab]);
  expect(now.about[S.air]).toEqual({ title: TITLES[S.air], start: '2024-05-25', end: '2024-05-27' });
  expect(now.about[S.tbd]).toEqual({ title: TITLES[S.tbd] });
  expect(now.about.sdeadbeef).toBeUndefined();
  expect(await page.evaluate((k) => localStorage.getItem(k), BACKUP)).toBe(v1);
  w.check();
});

test('a bookmark whose session left the dataset shows the title and dates it was stored with', async ({ page }) => {
  const w = watchConsole(page);
  const raw = JSON.stringify({
    v: 2,
    ids: ['sdeadbeef', S.lab],
    about: {
      sdeadbeef: { title: '机器人搭建体验（已取消）', start: '2024-05-26', end: '2024-05-26' },
      [S.lab]: ABOUT[S.lab],
    },
  });
  await open(page, './?view=week');
  await page.evaluate(([k, v]) => localStorage.setItem(k, v), [KEY, raw]);
  await page.reload();
  await expect(page.locator('#page[data-ready="true"]')).toBeVisible();
  const gone = daySection(page, '已不在日程中的收藏');
  await expect(gone.getByRole('heading', { level: 3, name: '机器人搭建体验（已取消）' })).toBeVisible();
  await expect(gone).toContainText('5月26日');
  await expect(gone).toContainText('sdeadbeef');
  // Removed, then undone from the toast: back with its title, in its place.
  await gone.getByRole('button', { name: '移除' }).click();
  await expect(weekHeading(page)).toHaveText('我的一周（1场）');
  await expect.poll(async () => (await stored(page)).ids).toEqual([S.lab]);
  await page.locator('.toast').getByRole('button', { name: '撤销' }).click();
  await expect(weekHeading(page)).toHaveText('我的一周（2场）');
  await expect(gone.getByRole('heading', { level: 3, name: '机器人搭建体验（已取消）' })).toBeVisible();
  await expect.poll(() => stored(page)).toEqual(JSON.parse(raw));
  w.check();
});

test('removing one bookmark with its star can be undone from the toast', async ({ page }) => {
  const w = watchConsole(page);
  await openWithBookmarks(page, [S.air, S.lab, S.weather], './');
  await star(page, S.lab).click();
  await expect(badge(page)).toHaveText('2');
  const toast = page.locator('.toast');
  await expect(toast).toContainText('已从我的一周移除');
  await expect.poll(async () => (await stored(page)).ids).toEqual([S.air, S.weather]);
  await toast.getByRole('button', { name: '撤销' }).click();
  await expect(badge(page)).toHaveText('3');
  await expect(star(page, S.lab)).toHaveAttribute('aria-pressed', 'true');
  await expect(toast).toHaveCount(0);
  // Back in its place, not at the end.
  await expect.poll(async () => (await stored(page)).ids).toEqual([S.air, S.lab, S.weather]);
  w.check();
});
