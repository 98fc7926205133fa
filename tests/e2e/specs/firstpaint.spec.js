// Content first: the week is in the HTML before (and without) the app, the app takes over
// without contradicting the link or losing what the parent typed.
import { readFileSync } from 'node:fs';
import { test, expect } from '@playwright/test';
import { open, watchConsole, expectNoAxeViolations, shownSessionIds, showAll } from './helpers.js';

// The service worker is kept out: once it controls the page it would fetch past the routes
// these tests answer requests with.
test.use({ serviceWorkers: 'block' });

const dataset = JSON.parse(readFileSync(new URL('../../../data/yubei-2024.json', import.meta.url), 'utf8'));
const count = (page) => page.locator('.bar p[role="status"]');

/** Every session card's id in page order (a multi-day session once per day it is listed). */
const cardIds = (page) =>
  page.locator('#page .card[data-session]').evaluateAll((els) => els.map((e) => e.dataset.session));

/** Holds the app's code back until the returned function is called. */
async function holdTheApp(page) {
  let release;
  const held = new Promise((ok) => { release = ok; });
  await page.route(/yubei-week-[0-9a-f]+\.js$/, async (route) => {
    await held;
    await route.continue();
  });
  return release;
}

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the prerendered week is the page: every session, its dates, base and phones', async ({ page }) => {
    await page.goto('./');
    await expect(page.locator('header .nojs-only')).toBeVisible();
    await expect(page.locator('header .nojs-only')).toContainText('需要较新的浏览器');
    // Controls that need the app are not offered.
    await expect(page.getByRole('searchbox')).toBeHidden();
    await expect(page.locator('.star').first()).toBeHidden();
    await expect(page.locator('.tabs')).toBeHidden();
    await expect(count(page)).toHaveText(`共 ${dataset.sessions.length} 场活动`);
    const ids = new Set(await shownSessionIds(page));
    expect([...ids].sort()).toEqual(dataset.sessions.map((s) => s.id).sort());
    for (const s of dataset.sessions) {
      const card = page.locator(`.card[data-session="${s.id}"]`).first();
      await expect(card).toBeVisible();
      await expect(card.locator('h3')).toHaveText(s.title);
      const base = dataset.bases.find((b) => b.id === s.base);
      // Its base, linked to the base's entry in the contact list at the end of the page.
      await expect(card.getByRole('link', { name: base.name })).toHaveAttribute('href', `?base=${base.id}#base-${base.id}`);
      await expect(card).toContainText(s.start ? /\d+月\d+日/ : '时间未定');
      await expect(card).toContainText(`地点：${s.place}`);
    }
    for (const b of dataset.bases) {
      const entry = page.locator(`#base-${b.id}`);
      await expect(entry).toBeVisible();
      for (const phone of b.contacts.flatMap((c) => c.phones)) {
        await expect(entry.locator(`a[href="tel:${phone.replace(/[^0-9+]/g, '')}"]`)).toBeVisible();
      }
    }
  });

  test('a link with parameters still shows the week, saying what it cannot do', async ({ page }) => {
    await page.goto('./?q=航空&view=week');
    await expect(page.locator('header .nojs-only')).toBeVisible();
    await expect(count(page)).toHaveText(`共 ${dataset.sessions.length} 场活动`);
  });
});

test('axe finds no violations on the page as a browser without JavaScript shows it', async ({ page, request }) => {
  // axe itself needs JavaScript: serve the page with every script taken out instead, which
  // is what a browser without JavaScript renders.
  const html = await (await request.get('./')).text();
  const withoutScripts = html.replace(/<script\b[\s\S]*?<\/script>/g, '');
  expect(withoutScripts).not.toContain('<script');
  await page.route(/\/$/, (route) => route.fulfill({ body: withoutScripts, contentType: 'text/html; charset=utf-8' }));
  await page.goto('./');
  await expect(page.locator('header .nojs-only')).toBeVisible();
  await expect(count(page)).toHaveText(`共 ${dataset.sessions.length} 场活动`);
  await expectNoAxeViolations(page);
});

test('without WebAssembly the prerendered week is the page', async ({ page }) => {
  await page.addInitScript(() => { delete window.WebAssembly; });
  const w = watchConsole(page);
  await page.goto('./?date=2024-05-26');
  await expect(page.locator('header .nojs-only')).toBeVisible();
  await expect(count(page)).toHaveText(`共 ${dataset.sessions.length} 场活动`);
  await expect(page.locator('.skeleton')).toBeHidden();
  w.check();
});

test('when the app cannot be downloaded the week stays readable', async ({ page }) => {
  await page.route(/_bg\.wasm$/, (route) => route.abort('internetdisconnected'));
  await page.goto('./?q=航空');
  // The skeleton stood in for the search; now the page says what happened and shows the week.
  await expect(page.locator('header .nojs-only')).toBeVisible();
  await expect(count(page)).toHaveText(`共 ${dataset.sessions.length} 场活动`);
});

test('the prerendered list and the live list show the same sessions in the same order', async ({ page, request }) => {
  const html = await (await request.get('./')).text();
  const page0 = html.slice(html.indexOf('<div id="page">'));
  const prerendered = [...page0.matchAll(/data-session="([^"]+)"/g)].map((m) => m[1]);
  expect(new Set(prerendered).size).toBe(dataset.sessions.length);
  await open(page);
  await showAll(page);
  expect(await cardIds(page)).toEqual(prerendered);
});

test('the app takes over without moving anything', async ({ page }) => {
  await page.addInitScript(() => {
    window.__shifts = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__shifts.push(e.value);
    }).observe({ type: 'layout-shift', buffered: true });
  });
  const release = await holdTheApp(page);
  await page.goto('./');
  const onScreen = () =>
    page.locator('#page .card[data-session], #page h2, .bar p').evaluateAll((els) =>
      els
        .filter((e) => e.getBoundingClientRect().top < innerHeight)
        .map((e) => `${e.dataset.session ?? e.textContent} @${Math.round(e.getBoundingClientRect().top)}`));
  // What the first screen shows before the app runs is where it was after.
  const before = await onScreen();
  expect(before.length).toBeGreaterThan(2);
  release();
  await expect(page.locator('#page[data-ready="true"]')).toBeAttached();
  expect(await onScreen()).toEqual(before);
  expect(await page.evaluate(() => window.__shifts)).toEqual([]);
});

test('a link with ?q=航空 never shows a session that does not match, at any point', async ({ page, context }) => {
  // Slow the phone down so the load has many frames to look at.
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await page.addInitScript(() => {
    window.__seen = new Set();
    window.__skeleton = false;
    const look = () => {
      for (const card of document.querySelectorAll('.card[data-session]')) {
        if (card.checkVisibility()) window.__seen.add(card.dataset.session);
      }
      const skeleton = document.querySelector('.skeleton');
      if (skeleton && skeleton.checkVisibility()) window.__skeleton = true;
    };
    new MutationObserver(look).observe(document, { childList: true, subtree: true, attributes: true });
    const frame = () => { look(); requestAnimationFrame(frame); };
    requestAnimationFrame(frame);
  });
  await page.goto('./?q=航空');
  await expect(page.locator('#page[data-ready="true"]')).toBeVisible();
  await expect(count(page)).toHaveText('共 1 场活动');
  const matching = await shownSessionIds(page);
  expect(matching).toHaveLength(1);
  const seen = await page.evaluate(() => [...window.__seen]);
  expect(seen).toEqual(matching);
  expect(await page.evaluate(() => window.__skeleton)).toBe(true);
});

test('text typed before the app starts is kept and applied', async ({ page }) => {
  const release = await holdTheApp(page);
  await page.goto('./');
  const box = page.locator('#q');
  await box.click();
  await page.keyboard.type('航空');
  await expect(page.locator('#page[data-ready="true"]')).toHaveCount(0);
  release();
  await expect(page.locator('#page[data-ready="true"]')).toBeVisible();
  await expect(box).toHaveValue('航空');
  await expect(box).toBeFocused();
  await expect(count(page)).toHaveText('共 1 场活动');
  await expect(page).toHaveURL(/\?q=%E8%88%AA%E7%A9%BA$/);
  // Typing goes on in the live box.
  await page.keyboard.press('End');
  await page.keyboard.type(' 基地');
  await expect(box).toHaveValue('航空 基地');
  await expect(count(page)).toHaveText('共 1 场活动');
});

test('Enter in the box before the app starts opens the search', async ({ page }) => {
  await holdTheApp(page);
  await page.goto('./');
  await page.locator('#q').fill('气象');
  // The held download is left behind by the navigation; the next page loads the app.
  await page.unrouteAll({ behavior: 'ignoreErrors' });
  await page.locator('#q').press('Enter');
  await expect(page).toHaveURL(/\?q=%E6%B0%94%E8%B1%A1$/);
  await expect(page.locator('#page[data-ready="true"]')).toBeVisible();
  await expect(count(page)).toHaveText('共 2 场活动');
});
