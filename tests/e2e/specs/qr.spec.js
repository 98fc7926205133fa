// 二维码 (crates/app/src/ui/qr.rs, crates/core/src/qr.rs): the QR code of my week, of a shared
// plan and of any view, on screen and on paper, read back by an independent decoder (Debian's
// zbarimg, from zbar-tools; a printed page through pdftoppm, from poppler-utils: both installed
// by the Makefile for this tier). The codes are drawn by a chunk loaded on demand.
import { test, expect } from '@playwright/test';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { open, openWithBookmarks, recordWhenReady, requestedBeforeReady, watchConsole } from './helpers.js';

/** Where the images read back are kept (the closing note of a change names them). */
const SHOTS = fileURLToPath(new URL('../test-results/qr/', import.meta.url));
const PLAN = ['sc1f26eef', 'sdbd9d7b7', 's71418e15'];

/** The texts of every QR code zbarimg finds in the image at `path` (none: []). */
function decode(path) {
  const run = spawnSync('zbarimg', ['--quiet', '--raw', path], { encoding: 'utf8' });
  // 0: found some; 4: found none. Anything else is the decoder failing, not the page.
  if (run.status !== 0 && run.status !== 4) throw new Error(`zbarimg ${path}: exit ${run.status}: ${run.stderr}`);
  return run.stdout.split('\n').filter(Boolean);
}

/** Screenshots the code shown in the 二维码 menu and decodes it. */
async function shownCode(page, name) {
  const code = page.locator('.qr-menu[open] svg.qr-code');
  await expect(code).toBeVisible();
  mkdirSync(SHOTS, { recursive: true });
  const path = join(SHOTS, `${name}.png`);
  await code.screenshot({ path });
  return decode(path);
}

/** Prints the page to PDF (A4, as the print spec does), renders its pages at 150 dpi and
 * decodes every code on them. */
async function printedCodes(page, name) {
  mkdirSync(SHOTS, { recursive: true });
  const pdf = join(SHOTS, `${name}.pdf`);
  await page.pdf({ path: pdf, format: 'A4' });
  execFileSync('pdftoppm', ['-r', '150', '-png', pdf, join(SHOTS, name)]);
  const pages = readdirSync(SHOTS).filter((f) => f.startsWith(`${name}-`) && f.endsWith('.png'));
  expect(pages.length).toBeGreaterThan(0);
  return pages.flatMap((f) => decode(join(SHOTS, f)));
}

const openCodeMenu = (page) => page.locator('summary', { hasText: '二维码' }).first().click();

test('my week: the code holds exactly the plan link, with the link and the count under it', async ({ page }) => {
  const consoleWatch = watchConsole(page);
  await openWithBookmarks(page, PLAN);
  await expect(page.getByRole('heading', { name: '我的一周（3场）' })).toBeVisible();
  await openCodeMenu(page);
  const [decoded, ...more] = await shownCode(page, 'my-week');
  expect(more).toEqual([]);
  const link = new URL(decoded);
  expect(`${link.origin}${link.pathname}`).toBe(new URL('./', page.url()).href);
  expect(link.searchParams.get('plan')).toBe(PLAN.join(','));
  const menu = page.locator('.qr-menu[open]');
  await expect(menu.locator('.qr-link')).toHaveText(decoded);
  await expect(menu.locator('.qr-caption')).toHaveText('这份计划共 3 场活动');
  // The link in the code opens the plan on another phone.
  const other = await page.context().browser().newPage();
  await open(other, decoded);
  await expect(other.getByRole('heading', { name: '分享的活动计划（3场）' })).toBeVisible();
  await other.close();
  await menu.getByRole('button', { name: '关闭' }).click();
  await expect(page.locator('.qr-menu[open]')).toHaveCount(0);
  consoleWatch.check();
});

test('the printed week carries the same code beside the printed link', async ({ page }) => {
  await openWithBookmarks(page, PLAN);
  await expect(page.locator('.plan-link svg.qr-code')).toBeAttached();
  // The link printed above the code (the code's own caption repeats it on screen only).
  const printedLink = (await page.locator('.plan-link > p').textContent()).match(/https?:\/\/\S+/)[0];
  const codes = await printedCodes(page, 'printed-week');
  expect(codes).toEqual([printedLink]);
  expect(new URL(printedLink).searchParams.get('plan')).toBe(PLAN.join(','));
});

test('a shared plan offers its own link as a code', async ({ page }) => {
  await open(page, `./?plan=${PLAN.slice(0, 2).join(',')}`);
  await expect(page.getByRole('heading', { name: '分享的活动计划（2场）' })).toBeVisible();
  await openCodeMenu(page);
  expect(await shownCode(page, 'shared-plan')).toEqual([page.url()]);
  await expect(page.locator('.qr-menu[open] .qr-caption')).toHaveText('这份计划共 2 场活动');
});

for (const [name, path] of [
  ['a search', './?q=航空'],
  ['a day', './?date=2024-05-26'],
  ['a base', './?base=b7bd52df9'],
]) {
  test(`${name}: 二维码 beside 分享此页 holds the view's own address`, async ({ page }) => {
    await open(page, path);
    await expect(page.getByRole('button', { name: '分享此页' })).toBeVisible();
    await openCodeMenu(page);
    expect(await shownCode(page, `view-${name.replace(/\s/g, '-')}`)).toEqual([page.url()]);
    // It follows the view: a tap elsewhere closes it, and the next view has its own code.
    await page.mouse.click(5, 5);
    await expect(page.locator('.qr-menu[open]')).toHaveCount(0);
  });
}

test('a filtered list prints its link and code at its end; the whole week prints none', async ({ page }) => {
  await open(page, './?q=航空');
  await expect(page.locator('#page .plan-link svg.qr-code')).toBeAttached();
  expect(await printedCodes(page, 'printed-search')).toEqual([page.url()]);
  await page.getByRole('link', { name: '活动日程' }).click();
  await expect(page.locator('#page .plan-link')).toHaveCount(0);
});

test('a link too long to scan says so and offers the link instead', async ({ page }) => {
  await open(page, `./?q=${encodeURIComponent('航'.repeat(200))}`);
  await openCodeMenu(page);
  const menu = page.locator('.qr-menu[open]');
  await expect(menu.getByRole('note')).toContainText('这个链接太长');
  await expect(menu.locator('svg.qr-code')).toHaveCount(0);
  await expect(menu.locator('.qr-link')).toHaveText(page.url());
});

test('the code is drawn by its own chunk, fetched only when a code is first shown or the browser is idle', async ({ page }) => {
  const requested = [];
  page.on('request', (r) => requested.push(new URL(r.url()).pathname));
  await recordWhenReady(page);
  await open(page);
  await expect.poll(() => requested.some((p) => /\/split_qr-[0-9a-f]+\.wasm$/.test(p))).toBe(true);
  const early = await requestedBeforeReady(page, /\/split_qr-/);
  expect(early).toEqual([]);
});

test.describe('without a service worker', () => {
  test.use({ serviceWorkers: 'block' });

  test('the encoder is not in the first load: without its chunk no code is drawn, and a retry draws it', async ({ page }) => {
    const chunk = '**/split_qr-*.wasm';
    await page.route(chunk, (route) => route.abort('internetdisconnected'));
    await open(page, './?q=航空');
    await openCodeMenu(page);
    const menu = page.locator('.qr-menu[open]');
    await expect(menu.getByRole('alert')).toContainText('没能下载');
    await expect(menu.locator('svg.qr-code')).toHaveCount(0);
    await page.unroute(chunk);
    await menu.getByRole('button', { name: '重试' }).click();
    expect(await shownCode(page, 'after-retry')).toEqual([page.url()]);
  });
});
