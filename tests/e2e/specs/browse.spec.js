// Browsing, searching and filtering, with every view in the URL.
import { test, expect } from '@playwright/test';
import { open, watchConsole, expectNoAxeViolations, cardTitles, shownSessionIds, uniqueTitles, expectPhoneFit, showAll, stubShare, sharedWith } from './helpers.js';

const search = (page) => page.getByRole('searchbox', { name: '搜索活动、基地、地点' });
const count = (page) => page.locator('.bar p[role="status"]');

test('search 航空 shows exactly the aviation base session and its base', async ({ page }) => {
  await open(page);
  await search(page).fill('航空');
  await expect(count(page)).toHaveText('共 1 场活动');
  expect(await uniqueTitles(page)).toEqual(['科技带动发展，航空引领未来']);
  // A 5.25–5.27 session: listed under each of its three days.
  await expect(page.locator('.card[data-session]')).toHaveCount(3);
  const card = page.locator('.card[data-session]').first();
  await expect(card.getByRole('link', { name: '华夏云翼航空科普基地' })).toBeVisible();
  await expect(card.locator('h3 mark')).toHaveText('航空');
});

test('search 气象 shows both sessions of the weather museum', async ({ page }) => {
  await open(page, './?q=气象');
  await expect(count(page)).toHaveText('共 2 场活动');
  expect(await cardTitles(page)).toEqual(['气象+', '场馆免费开放']);
  for (const card of await page.locator('.card[data-session]').all()) {
    await expect(card.getByRole('link', { name: '重庆市气象科普馆' })).toBeVisible();
  }
});

test('typing qixiang (pinyin, no characters picked) shows the weather sessions with 气象 marked', async ({ page }) => {
  await open(page);
  await search(page).pressSequentially('qixiang');
  await expect(count(page)).toHaveText('共 2 场活动');
  expect(await cardTitles(page)).toEqual(['气象+', '场馆免费开放']);
  for (const card of await page.locator('.card[data-session]').all()) {
    // The base's name, 重庆市气象科普馆, is on every card: its 气象 is what the letters read.
    await expect(card.getByRole('link', { name: '重庆市气象科普馆' }).locator('mark')).toHaveText('气象');
  }
  await expect(page.locator('.card[data-session] h3 mark').first()).toHaveText('气象');
  // Read as pinyin, not a guess at a typo: no pronunciation line.
  await expect(page.locator('.heard')).toHaveCount(0);
});

test('?q=气像 (a homophone) finds 气象 under a line that says so, whose link searches 气象', async ({ page }) => {
  await open(page, './?q=' + encodeURIComponent('气像'));
  await expect(count(page)).toHaveText('共 2 场活动');
  const line = page.locator('.heard');
  await expect(line).toHaveText('按读音匹配，您是不是要找“气象”？');
  await expect(page.locator('.card[data-session] h3 mark').first()).toHaveText('气象');
  await line.getByRole('link', { name: '气象' }).click();
  await expect(page).toHaveURL(/[?&]q=%E6%B0%94%E8%B1%A1(&|$)/);
  await expect(search(page)).toHaveValue('气象');
  await expect(count(page)).toHaveText('共 2 场活动');
  await expect(page.locator('.heard')).toHaveCount(0);
});

test('AI (any width or case) finds the 防范ai换脸诈骗 session', async ({ page }) => {
  for (const q of ['AI', 'ai', 'ＡＩ']) {
    await open(page, `./?q=${encodeURIComponent(q)}`);
    await expect(count(page)).toHaveText('共 1 场活动');
    expect(await cardTitles(page)).toEqual(['防范ai换脸诈骗']);
    await expect(page.locator('.card[data-session] h3 mark')).toHaveText('ai');
  }
});

test('several words must all match', async ({ page }) => {
  await open(page);
  await search(page).fill('青铜器');
  await expect(count(page)).toHaveText('共 2 场活动');
  await search(page).fill('青铜器 正妆');
  await expect(count(page)).toHaveText('共 1 场活动');
  expect(await cardTitles(page)).toEqual(['探寻礼的印记——为青铜器正妆']);
});

test('no results says so and offers keywords that work', async ({ page }) => {
  await open(page, './?q=恐龙化石');
  await expect(page.getByText('没有找到符合条件的活动')).toBeVisible();
  const chip = page.locator('#page .panel[role="status"] .chip').first();
  const word = await chip.textContent();
  await chip.click();
  await expect(search(page)).toHaveValue(word);
  await expect(page.locator('.card[data-session]').first()).toBeVisible();
});

test('?date=2024-05-26 shows exactly the sessions covering that day', async ({ page }) => {
  await open(page, './?date=2024-05-26');
  await expect(count(page)).toHaveText('共 9 场活动');
  await expect(page.getByRole('heading', { name: '5月26日 周日' })).toBeVisible();
  const titles = await cardTitles(page);
  expect(titles.sort()).toEqual(
    [
      '当非遗遇上科技',
      '场馆免费开放',
      '防控外来物种入侵，守护国门生物安全',
      '场馆免费开放',
      '趣探妇幼科普 健康伴你同行——妇产专场',
      '我们曾经都是鱼',
      '科技带动发展，航空引领未来',
      '场馆免费开放',
      '弘扬科学家精神——钱学森系统工程论对法治建设的贡献',
    ].sort(),
  );
  await expect(page.getByRole('button', { name: /5月26日/ })).toHaveAttribute('aria-pressed', 'true');
});

test('a day before the week and the undated group', async ({ page }) => {
  await open(page, './?date=2024-05-21');
  expect(await cardTitles(page)).toEqual(['气象+']);
  await expect(page.getByRole('heading', { name: '不在活动周内' })).toBeVisible();
  await open(page, './?date=tbd');
  await expect(count(page)).toHaveText('共 1 场活动');
  await expect(page.getByRole('heading', { name: '时间未定' })).toBeVisible();
  expect(await cardTitles(page)).toEqual(['青少年进大学校园，工业科技实践活动']);
});

test('home lists every group in order with multi-day sessions under each day', async ({ page }) => {
  await open(page);
  await showAll(page);
  const headings = await page.locator('#page section.day > h2').allTextContents();
  expect(headings).toEqual([
    '不在活动周内',
    '5月25日 周六',
    '5月26日 周日',
    '5月27日 周一',
    '5月28日 周二',
    '5月29日 周三',
    '5月30日 周四',
    '5月31日 周五',
    '6月1日 周六',
    '时间未定',
    '区级主要活动',
  ]);
  // 5.25-6.1 场馆免费开放 of 重庆星辉视光 appears under all 8 days of the week.
  await expect(page.locator('.card', { hasText: '重庆星辉视光近视防控科普基地' })).toHaveCount(8);
  await expect(page.locator('#district ~ ul .card')).toHaveCount(8);
});

test('?cat= filters by base type', async ({ page }) => {
  await open(page, './?cat=传媒类');
  await expect(count(page)).toHaveText('共 1 场活动');
  expect(await uniqueTitles(page)).toEqual(['当非遗遇上科技']);
  await page.getByRole('button', { name: '研发创作类' }).click();
  await expect(page).toHaveURL(/cat=%E7%A0%94%E5%8F%91%E5%88%9B%E4%BD%9C%E7%B1%BB/);
  expect(await uniqueTitles(page)).toEqual(['我们曾经都是鱼']);
});

test('a base page has tel: links, map links, its sessions and the original row', async ({ page }) => {
  await open(page, './?q=青铜器');
  await page.locator('.card[data-session]').first().getByRole('link', { name: '中华优秀传统法律文化传承示范基地' }).click();
  await expect(page.getByRole('heading', { level: 2, name: '中华优秀传统法律文化传承示范基地' })).toBeVisible();
  await expect(page).toHaveURL(/base=b[0-9a-f]{8}/);
  const tels = await page.locator('a[href^="tel:"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  expect(tels).toEqual(['tel:13908370679', 'tel:02367258738']);
  const address = encodeURIComponent('重庆市渝北区宝圣大道301号');
  for (const name of ['高德地图', '百度地图', '腾讯地图']) {
    const link = page.getByRole('link', { name });
    await expect(link).toHaveAttribute('href', new RegExp(address));
  }
  await expect(page.getByText('同一地址还有')).toContainText('西南政法大学媒介素养科普基地');
  await expect(page.getByRole('heading', { name: '活动安排（6场）' })).toBeVisible();
  await expect(page.locator('.row-verbatim')).toContainText('023-67258738');
  await expect(page.locator('.row-verbatim')).toContainText('5.27在基地开展“防范ai换脸诈骗”活动');
  // Its phone and map links are a finger's size, like every button.
  await expectPhoneFit(page, '#page a[href^="tel:"], #page ul[aria-label="在地图中查看"] a');
  await expect(page.locator('#page ul[aria-label="在地图中查看"] a')).toHaveCount(3);
});

test('typing updates the URL, reloading restores it', async ({ page }) => {
  await open(page);
  await search(page).pressSequentially('航空', { delay: 30 });
  await expect(page).toHaveURL(/\?q=%E8%88%AA%E7%A9%BA$/);
  await page.getByRole('button', { name: /5月25日/ }).click();
  await expect(page).toHaveURL(/q=%E8%88%AA%E7%A9%BA&date=2024-05-25/);
  await page.reload();
  await expect(page.locator('#page[data-ready="true"]')).toBeVisible();
  await expect(search(page)).toHaveValue('航空');
  await expect(page.getByRole('button', { name: /5月25日/ })).toHaveAttribute('aria-pressed', 'true');
  // With a day picked, the 5.25–5.27 session is listed once, under that day.
  expect(await cardTitles(page)).toEqual(['科技带动发展，航空引领未来']);
});

test('a copied URL opens the same view in a new browser', async ({ page, browser }) => {
  await open(page, './?q=妇幼&date=2024-05-25');
  await expect(count(page)).toHaveText('共 1 场活动');
  const ids = await shownSessionIds(page);
  expect(ids).toHaveLength(1);
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const other = await context.newPage();
  await open(other, page.url());
  expect(await shownSessionIds(other)).toEqual(ids);
  await expect(search(other)).toHaveValue('妇幼');
  await context.close();
});

test('Back after opening a base returns to the filtered list', async ({ page }) => {
  await open(page, './?date=2024-05-30');
  const before = await shownSessionIds(page);
  await page.locator('.card[data-session] a').first().click();
  await expect(page.getByRole('link', { name: '← 返回活动列表' })).toBeVisible();
  await page.goBack();
  await expect(page).toHaveURL(/\?date=2024-05-30$/);
  await expect(page.getByRole('link', { name: '← 返回活动列表' })).toHaveCount(0);
  expect(await shownSessionIds(page)).toEqual(before);
});

test('the share button hands this view to the phone\'s share sheet', async ({ page }) => {
  await open(page, './?q=气象');
  await stubShare(page);
  await page.getByRole('button', { name: '分享此页' }).click();
  await expect(page.getByText('已分享')).toBeVisible();
  // The title and the link to exactly this view; no text (the link's preview says the rest).
  expect(await sharedWith(page)).toStrictEqual([{ title: '2024渝北区科技活动周', url: page.url() }]);
  await expect(page.locator('.manual-copy')).toHaveCount(0);
});

test('closing the share sheet is not an error and copies nothing', async ({ page }) => {
  await open(page, './?q=气象');
  await stubShare(page, 'AbortError');
  await page.getByRole('button', { name: '分享此页' }).click();
  await expect.poll(() => sharedWith(page)).toHaveLength(1);
  await page.waitForTimeout(300);
  await expect(page.locator('.toast')).toHaveCount(0);
  await expect(page.locator('.manual-copy')).toHaveCount(0);
});

test('without the Web Share API (desktop, older in-app browsers) the link is copied', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await open(page, './?q=气象');
  // A browser without the API (Debian's Chromium on Linux has none to begin with).
  await page.evaluate(() => { delete Navigator.prototype.share; });
  await page.getByRole('button', { name: '分享此页' }).click();
  await expect(page.getByText('链接已复制')).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(page.url());
});

test.describe('bad URLs give a sensible view', () => {
  test('unknown parameters are ignored', async ({ page }) => {
    const w = watchConsole(page);
    await open(page, './?utm_source=wechat&foo=bar&q=气象');
    await expect(count(page)).toHaveText('共 2 场活动');
    await expect(search(page)).toHaveValue('气象');
    // Nothing to warn about: the parameters the app does not know are not its business.
    await expect(page.locator('#page .notice-msg')).toHaveCount(0);
    w.check();
  });

  test('an unknown base id explains itself and shows the list', async ({ page }) => {
    await open(page, './?base=bdeadbeef');
    await expect(page.locator('#page .notice-msg')).toContainText('bdeadbeef');
    await expect(count(page)).toHaveText('共 24 场活动');
  });

  test('an impossible date is ignored with an explanation', async ({ page }) => {
    await open(page, './?date=2024-13-45');
    await expect(page.locator('#page .notice-msg')).toContainText('2024-13-45');
    await expect(count(page)).toHaveText('共 24 场活动');
  });

  test('a 2,000-character q does not break the page', async ({ page }) => {
    const w = watchConsole(page);
    await open(page, `./?q=${'ai'.repeat(1000)}`);
    await expect(page.getByText('没有找到符合条件的活动')).toBeVisible();
    expect((await search(page).inputValue()).length).toBeLessThanOrEqual(200);
    w.check();
  });

  test('q=<script> stays text', async ({ page }) => {
    let dialog = false;
    page.on('dialog', async (d) => { dialog = true; await d.dismiss(); });
    await open(page, './?q=<script>alert(1)</script>');
    await expect(search(page)).toHaveValue('<script>alert(1)</script>');
    await expect(page.locator('#page script')).toHaveCount(0);
    await page.waitForTimeout(300);
    expect(dialog).toBe(false);
  });

  test('garbage percent-encoding', async ({ page }) => {
    const w = watchConsole(page);
    await open(page, './?q=%E0%A4%A&&=&date');
    // The bytes that do not decode become U+FFFD, the rest is kept as it is; the empty
    // parameters are ignored. A search that matches nothing, said so, with no warning.
    await expect(search(page)).toHaveValue('\uFFFD%A');
    await expect(count(page)).toHaveText('共 0 场活动');
    await expect(page.getByText('没有找到符合条件的活动')).toBeVisible();
    await expect(page.getByRole('button', { name: '全部日期' })).toHaveAttribute('aria-pressed', 'true');
    await expect(page.locator('#page .notice-msg')).toHaveCount(0);
    w.check();
  });
});

test('the notice page shows the full text and the contact', async ({ page }) => {
  await open(page);
  await page.getByRole('link', { name: '通知原文' }).click();
  await expect(page).toHaveURL(/view=notice/);
  await expect(page.getByRole('heading', { name: '一、活动时间' })).toBeVisible();
  await expect(page.getByText('弘扬科学家精神 激发全社会创新活力。').first()).toBeVisible();
  await expect(page.locator('a[href="tel:02367821101"]')).toBeVisible();
  await expect(page.locator('a[href="mailto:469177351@qq.com"]')).toBeVisible();
});

test('no horizontal scrolling at 390 px and tap targets of 44 px', async ({ page }) => {
  await open(page);
  await expectPhoneFit(page, '#page button, #page .chip, .tabs a, #page .card a');
});

for (const [name, path] of [
  ['home', './'],
  ['a base page', './?q=航空'],
  ['the notice page', './?view=notice'],
]) {
  test(`axe: no violations on ${name}`, async ({ page }) => {
    await open(page, path);
    if (name === 'a base page') {
      await page.locator('.card[data-session] a').first().click();
      await expect(page.getByRole('link', { name: '← 返回活动列表' })).toBeVisible();
    }
    await expectNoAxeViolations(page);
  });
}
