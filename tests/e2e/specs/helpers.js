// Shared steps for the end-to-end specs.
import { readFileSync } from 'node:fs';
import { expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

/** The dataset request, as a route pattern. */
export const DATASET_ROUTE = '**/data/yubei-2024.json';

/** The committed dataset, parsed afresh on each call (callers change their copy). */
export function committedDataset() {
  return JSON.parse(readFileSync(new URL('../../../data/yubei-2024.json', import.meta.url), 'utf8'));
}

/** Answers the page's dataset request with `dataset` (an object, or a body as it is). */
export async function serveDataset(page, dataset) {
  const body = typeof dataset === 'string' ? dataset : JSON.stringify(dataset);
  await page.route(DATASET_ROUTE, (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body }),
  );
}

/** Opens `path` and waits until the app has replaced the static first paint with live data. */
export async function open(page, path = './') {
  await page.goto(path);
  await expect(page.locator('#page[data-ready="true"]')).toBeVisible();
}

/** The localStorage key of the bookmarks (a contract: a parent's plan lives there). */
export const BOOKMARKS_KEY = 'yubei-week/bookmarks/v1';

/** Opens `path` with these bookmarks already stored, in the first release's format
 * (`{"v":1,"ids":[…]}`): set on a first load, then reloaded. */
export async function openWithBookmarks(page, ids, path = './?view=week') {
  await open(page, path);
  await page.evaluate(([k, v]) => localStorage.setItem(k, v), [BOOKMARKS_KEY, JSON.stringify({ v: 1, ids })]);
  await page.reload();
  await expect(page.locator('#page[data-ready="true"]')).toBeVisible();
}

/** Shows the whole list: presses 显示更多 (which a parent scrolling down gets by itself)
 * until every card is there. */
export async function showAll(page) {
  const more = page.locator('#page .more button');
  // The list's own observer may add the last page, and remove the button, at any moment: a
  // click that finds no button is not a failure; a button still there at the end is.
  for (let i = 0; i < 100 && (await more.count()); i++) {
    await more.click({ timeout: 2000 }).catch(() => {});
  }
  await expect(more).toHaveCount(0);
}

/** Collects console errors and uncaught exceptions; call `.check()` at the end of a test. */
export function watchConsole(page) {
  const errors = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(String(err)));
  return {
    errors,
    check() {
      expect(errors, `console errors: ${errors.join('\n')}`).toEqual([]);
    },
  };
}

/** Asserts that axe finds no accessibility violations on the current page. */
export async function expectNoAxeViolations(page) {
  const results = await new AxeBuilder({ page }).analyze();
  const summary = results.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
  );
  expect(summary).toEqual([]);
}

/** The titles of the session cards currently shown, in order. */
export async function cardTitles(page) {
  return page.locator('#page .card[data-session] h3').allTextContents();
}

/** The session ids currently shown (deduplicated, in order of first appearance). */
export async function shownSessionIds(page) {
  const ids = await page.locator('#page .card[data-session]').evaluateAll((els) =>
    els.map((e) => e.getAttribute('data-session')),
  );
  return [...new Set(ids)];
}

/** The titles of the distinct sessions shown (a multi-day session is listed once per day). */
export async function uniqueTitles(page) {
  const pairs = await page.locator('#page .card[data-session]').evaluateAll((els) =>
    els.map((e) => [e.getAttribute('data-session'), e.querySelector('h3').textContent]),
  );
  return [...new Map(pairs).values()];
}

/** Asserts the page does not scroll sideways at the phone viewport and that every element
 * matching `targets` (there must be some) is at least 44×44 px (a finger's tap target). */
export async function expectPhoneFit(page, targets) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  expect(await page.locator(targets).count(), `elements matching ${targets}`).toBeGreaterThan(0);
  const small = await page.locator(targets).evaluateAll((els) =>
    els
      .map((e) => ({ text: e.textContent.trim(), r: e.getBoundingClientRect() }))
      .filter(({ r }) => r.width > 0 && (r.height < 44 || r.width < 44))
      .map(({ text, r }) => `${text} ${r.width}x${r.height}`),
  );
  expect(small).toEqual([]);
}

/** Gives the page a Web Share API, as Safari, WeChat and Chrome on phones have, that records
 * what it is asked to share and resolves (or rejects with a DOMException named `error`: the
 * user closing the sheet is an `AbortError`). */
export async function stubShare(page, error = null) {
  await page.evaluate((error) => {
    window.__shared = [];
    Navigator.prototype.share = function share(data) {
      window.__shared.push(JSON.parse(JSON.stringify(data)));
      return error ? Promise.reject(new DOMException('closed', error)) : Promise.resolve();
    };
  }, error);
}

/** What the page asked the share sheet to share, call by call. */
export const sharedWith = (page) => page.evaluate(() => window.__shared);

/** Records, on the page's own clock (the one resource timings use), when the live app first
 * shows (`#page[data-ready]`): call before the page is opened, then ask
 * {@link requestedBeforeReady}. */
export async function recordWhenReady(page) {
  await page.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (document.querySelector('#page[data-ready="true"]')) {
        window.__readyAt = performance.now();
        observer.disconnect();
      }
    }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-ready'] });
  });
}

/** The resources whose path matches `pattern` that the page asked for before the live app
 * showed (see {@link recordWhenReady}). */
export function requestedBeforeReady(page, pattern) {
  return page.evaluate(
    ([source, flags]) =>
      performance
        .getEntriesByType('resource')
        .filter((e) => new RegExp(source, flags).test(new URL(e.name).pathname) && e.startTime < window.__readyAt)
        .map((e) => e.name),
    [pattern.source, pattern.flags],
  );
}
