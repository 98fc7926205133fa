// When the app cannot start in a browser that runs scripts: the page it falls back to is the
// one a browser without JavaScript gets (the prerendered week, with the line saying search and
// 我的一周 need a newer browser), whole: never a skeleton or a half-page, and nothing of the
// prerendered page that does not depend on the app (the note that the week is over) is lost.
import { readFileSync } from 'node:fs';
import { test, expect } from '@playwright/test';

// The service worker is kept out: once it controls the page it would fetch past the routes
// these tests answer requests with.
test.use({ serviceWorkers: 'block' });

const dataset = JSON.parse(readFileSync(new URL('../../../data/yubei-2024.json', import.meta.url), 'utf8'));
const count = (page) => page.locator('.bar p[role="status"]');
const WASM_EVAL = " 'wasm-unsafe-eval'";

/** Serves the app page with a Content-Security-Policy that refuses WebAssembly, as a browser
 * that does not know 'wasm-unsafe-eval' (Safari before 16, Chromium before 97) reads the
 * build's policy: in the header and in the page's <meta>. */
async function refuseWasm(page) {
  await page.route(
    (url) => url.pathname === '/' || url.pathname === '/index.html',
    async (route) => {
      const response = await route.fetch();
      const headers = response.headers();
      const html = await response.text();
      expect(headers['content-security-policy']).toContain(WASM_EVAL);
      expect(html).toContain(WASM_EVAL);
      headers['content-security-policy'] = headers['content-security-policy'].replaceAll(WASM_EVAL, '');
      await route.fulfill({ response, headers, body: html.replaceAll(WASM_EVAL, '') });
    },
  );
}

/** The policy violations the page reports (recorded from before its first script). */
async function recordViolations(page) {
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return () => page.evaluate(() => window.__violations);
}

const AFTER_THE_WEEK = new Date('2024-06-02T09:00:00+08:00');

for (const link of ['./', './?view=week', './?q=航空']) {
  test(`a browser whose policy refuses WebAssembly: ${link} shows the week and says what needs a newer browser`, async ({ page }) => {
    await page.clock.setFixedTime(AFTER_THE_WEEK);
    const violations = await recordViolations(page);
    await refuseWasm(page);
    await page.goto(link);
    await expect(page.locator('header .nojs-only')).toBeVisible();
    await expect(page.locator('header .nojs-only')).toContainText('需要较新的浏览器');
    await expect(count(page)).toHaveText(`共 ${dataset.sessions.length} 场活动`);
    await expect(page.locator('.card[data-session]').first()).toBeVisible();
    // Nothing that needs the app is offered, and no skeleton waits for it.
    await expect(page.locator('.skeleton')).toBeHidden();
    await expect(page.getByRole('searchbox')).toBeHidden();
    await expect(page.locator('.star').first()).toBeHidden();
    await expect(page.locator('.tabs')).toBeHidden();
    await expect(page.locator('#page[data-ready]')).toHaveCount(0);
    // What the prerendered page knows without the app stays: the week is over.
    await expect(page.locator('.when-over')).toBeVisible();
    // It was the policy that refused the wasm (the header's and the <meta>'s), and nothing else.
    const seen = await violations();
    expect(seen.length).toBeGreaterThan(0);
    expect(new Set(seen)).toEqual(new Set(['script-src wasm-eval']));
  });
}

test('after the week, a page whose app cannot start still says the week is over', async ({ page }) => {
  await page.clock.setFixedTime(AFTER_THE_WEEK);
  await page.route(/_bg\.wasm$/, (route) => route.abort('internetdisconnected'));
  await page.goto('./');
  await expect(page.locator('header .nojs-only')).toBeVisible();
  await expect(page.locator('.when-over')).toBeVisible();
  await expect(page.locator('.when-over')).toContainText('已经结束');
  await expect(count(page)).toHaveText(`共 ${dataset.sessions.length} 场活动`);
});
