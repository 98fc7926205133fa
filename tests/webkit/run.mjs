// The parent's path in WebKit: the release build (dist/), served by Caddy the way the
// Playwright tests serve it (scripts/serve.sh, through tests/e2e/specs/caddy.js), walked in
// WebKitGTK's MiniBrowser at a 390 px window. Playwright cannot drive this WebKit;
// WebKitWebDriver (Debian's webkit2gtk-driver) speaks W3C WebDriver, driven here by
// WebdriverIO, under a virtual X server (xvfb-run: MiniBrowser has no headless mode).
//
// Every step is run, whatever happened to the one before, and leaves a screenshot
// (screenshots/NN-step.png). A step that cannot work in WebKitGTK for a reason outside the
// app says so (`outside(reason)`) and is reported as skipped with that reason; it is never
// skipped silently. The last line is `N passed, M skipped, K failed (T s)`: scripts/tier.sh
// counts the passes; the exit status is 1 if any step failed.
//
// Usage: node run.mjs            (make test runs it: `make test-webkit`)
//   WEBKIT_DIST   the build to serve (default: ../../dist)
//   WEBKIT_BINARY MiniBrowser (default: Debian's, /usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser)
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { isDeepStrictEqual, inspect } from 'node:util';
import { fileURLToPath } from 'node:url';
import { remote } from 'webdriverio';
import { freePort, serveWithCaddy } from '../e2e/specs/caddy.js';

const DIST = process.env.WEBKIT_DIST ?? fileURLToPath(new URL('../../dist', import.meta.url));
const SHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url));
const BINARY = process.env.WEBKIT_BINARY ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
const WIDTH = 390;
const HEIGHT = 844;
/** How long a condition may take to become true (WebKit compiles the wasm on a busy machine). */
const WAIT = 20_000;

const KEY = 'yubei-week/bookmarks/v1';
const OFFLINE_MSG = '网络不通或太慢，正在显示上次保存的离线数据。';
// Sessions of data/yubei-2024.json (see tests/e2e/specs/plan.spec.js).
const AIR = 'sc1f26eef'; // 5.25–5.27, 华夏云翼航空科普基地's 科技带动发展，航空引领未来
const LAB = 'sdbd9d7b7'; // 5.25 only, 实验室开放日
const MAY26 = [
  '当非遗遇上科技',
  '场馆免费开放',
  '防控外来物种入侵，守护国门生物安全',
  '场馆免费开放',
  '趣探妇幼科普 健康伴你同行——妇产专场',
  '我们曾经都是鱼',
  '科技带动发展，航空引领未来',
  '场馆免费开放',
  '弘扬科学家精神——钱学森系统工程论对法治建设的贡献',
].sort();

// ---------------------------------------------------------------------------------------
// Assertions

class Failure extends Error {}
/** A step that cannot work in WebKitGTK for a reason outside the app. */
class Outside extends Error {}
const outside = (reason) => {
  throw new Outside(reason);
};

function eq(actual, expected, what) {
  if (!isDeepStrictEqual(actual, expected)) {
    throw new Failure(`${what}: expected ${inspect(expected)}, got ${inspect(actual)}`);
  }
}

function ok(value, what) {
  if (!value) throw new Failure(`${what}: not true (${inspect(value)})`);
}

/** Polls `probe` until `test(value)` holds (as Playwright's expect does), else fails saying
 * what was last seen. */
async function until(what, probe, test = (v) => v, timeout = WAIT) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      last = await probe();
      if (test(last)) return last;
    } catch (e) {
      last = `(${e.message.split('\n')[0]})`;
    }
    if (Date.now() > end) throw new Failure(`${what}: still ${inspect(last)} after ${timeout} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// ---------------------------------------------------------------------------------------
// The phone: MiniBrowser through WebKitWebDriver

/** Starts WebKitWebDriver under xvfb-run in its own process group; resolves once it answers. */
async function startDriver() {
  const port = await freePort();
  const child = spawn('xvfb-run', ['-a', 'WebKitWebDriver', `--port=${port}`], {
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (c) => (stderr += c));
  let exited = null;
  child.on('exit', (code) => (exited = code));
  const stop = () =>
    new Promise((done) => {
      if (exited !== null) return done();
      child.on('exit', () => done());
      // xvfb-run, its Xvfb, the driver and its browsers: the group this spawn made.
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        done();
      }
    });
  const end = Date.now() + 20_000;
  for (;;) {
    if (exited !== null) throw new Error(`xvfb-run WebKitWebDriver exited with ${exited}\n${stderr}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/status`);
      if ((await res.json()).value?.ready) return { port, stop };
    } catch {
      // not yet listening
    }
    if (Date.now() > end) {
      await stop();
      throw new Error(`WebKitWebDriver did not answer on ${port}\n${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A new browser: a new MiniBrowser (no storage shared with the one before), its window's
 * web view WIDTH × HEIGHT. `--full-screen` hides MiniBrowser's toolbar, which would
 * otherwise keep the window at least 447 px wide. */
async function phone(driverPort) {
  const b = await remote({
    hostname: '127.0.0.1',
    port: driverPort,
    path: '/',
    logLevel: 'error',
    connectionRetryCount: 0,
    capabilities: {
      browserName: 'MiniBrowser',
      // WebKitWebDriver speaks classic WebDriver (HTTP), not BiDi.
      'wdio:enforceWebDriverClassic': true,
      'webkitgtk:browserOptions': { binary: BINARY, args: ['--automation', '--full-screen'] },
    },
  });
  await b.setWindowRect(0, 0, WIDTH, HEIGHT);
  return b;
}

// ---------------------------------------------------------------------------------------
// What a parent does and sees

/** Errors the page logged (console.error, uncaught exceptions, unhandled rejections) since
 * the app took over. WebDriver classic cannot read the console, and MiniBrowser's console
 * output does not reach WebKitWebDriver's: the page is watched from the moment the app is
 * ready (a page that fails before that never gets ready). */
const pageErrors = [];

/** Moves what the page logged into `pageErrors` (before the page is left, and after a step). */
async function collectErrors(b) {
  try {
    pageErrors.push(...(await b.execute(() => (window.__errors ?? []).splice(0))));
  } catch {
    // no page (a session being replaced)
  }
}

const open = async (b, url) => {
  await collectErrors(b);
  await b.url(url);
  await ready(b);
};

const reload = async (b) => {
  await collectErrors(b);
  await b.refresh();
  await ready(b);
};

/** Waits until the app has taken over the prerendered page, then watches it for errors. */
async function ready(b) {
  await until('#page[data-ready="true"]', () => b.$('#page[data-ready="true"]').isExisting());
  await b.execute(() => {
    if (window.__errors) return;
    const errors = (window.__errors = []);
    const error = console.error;
    console.error = (...args) => {
      errors.push(args.map(String).join(' '));
      error.apply(console, args);
    };
    addEventListener('error', (e) => errors.push(`uncaught: ${e.message}`));
    addEventListener('unhandledrejection', (e) => errors.push(`unhandled rejection: ${e.reason}`));
  });
}

/** The element under #page whose tag is `tag` and whose whole text is `label`. */
const byText = (b, tag, label) => b.$(`//*[@id="page"]//${tag}[normalize-space()="${label}"]`);

const text = async (b, selector) => (await b.$(selector).getText()).trim();
const countText = (b) => text(b, '.bar p[role="status"]');
const expectCount = (b, want) => until(`the count ${want}`, () => countText(b), (t) => t === want);

/** Presses 显示更多 until every card is there. */
async function showAll(b) {
  for (let i = 0; i < 50 && (await b.$('#page .more button').isExisting()); i++) {
    await b.$('#page .more button').click();
    await b.pause(50);
  }
}

/** The titles of the distinct sessions shown (a multi-day session is listed once per day). */
const uniqueTitles = (b) =>
  b.execute(() => {
    const m = new Map();
    for (const c of document.querySelectorAll('#page .card[data-session]')) {
      if (!m.has(c.dataset.session)) m.set(c.dataset.session, c.querySelector('h3').textContent);
    }
    return [...m.values()];
  });

/** True for the stored value of the plan [AIR, LAB], each with its title and dates. */
const storedPlan = (s) =>
  s?.v === 2 &&
  JSON.stringify(s.ids) === JSON.stringify([AIR, LAB]) &&
  [AIR, LAB].every((id) => typeof s.about?.[id]?.title === 'string' && /^2024-05-2\d$/.test(s.about[id].start));
const stored = (b) => b.execute((k) => JSON.parse(localStorage.getItem(k)), KEY);

/** The star of a session's first card. */
const star = (b, id) => b.$(`#page .card[data-session="${id}"] button.star`);

/** Nothing scrolls sideways, and every element matching `targets` is at least 44×44 px. */
async function expectPhoneFit(b, targets) {
  const { overflow, inner, small, n } = await b.execute((sel) => {
    const els = [...document.querySelectorAll(sel)];
    return {
      overflow: document.documentElement.scrollWidth - window.innerWidth,
      inner: window.innerWidth,
      n: els.length,
      small: els
        .map((e) => ({ t: e.textContent.trim().slice(0, 20), r: e.getBoundingClientRect() }))
        .filter(({ r }) => r.width > 0 && (r.height < 44 || r.width < 44))
        .map(({ t, r }) => `${t} ${r.width}x${r.height}`),
    };
  }, targets);
  eq(inner, WIDTH, 'the window is a phone\'s width (innerWidth)');
  ok(overflow <= 0, `no horizontal scrolling (scrollWidth - innerWidth = ${overflow})`);
  ok(n > 0, `there are tap targets (${targets})`);
  eq(small, [], `tap targets smaller than 44 px (${targets})`);
}

// ---------------------------------------------------------------------------------------
// The run

const results = [];
let shot = 0;

/** Runs one step on the browser `getBrowser()` returns, and screenshots it either way
 * (screenshots/NN-slug.png). */
async function step(slug, name, getBrowser, fn) {
  const n = String(++shot).padStart(2, '0');
  const started = Date.now();
  let status = 'passed';
  let detail = '';
  pageErrors.length = 0;
  try {
    await fn(getBrowser());
    await collectErrors(getBrowser());
    eq(pageErrors, [], 'errors the page logged');
  } catch (e) {
    if (e instanceof Outside) {
      status = 'skipped';
      detail = e.message;
    } else {
      status = 'failed';
      detail = e instanceof Failure ? e.message : e.stack ?? String(e);
    }
  }
  const file = `${n}-${slug}.png`;
  try {
    writeFileSync(SHOTS + file, Buffer.from(await getBrowser().takeScreenshot(), 'base64'));
  } catch (e) {
    detail += `${detail ? '\n' : ''}(no screenshot: ${e.message.split('\n')[0]})`;
  }
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  const mark = { passed: '✓', failed: '✘', skipped: '-' }[status];
  const note = status === 'skipped' ? ` not run in WebKitGTK: ${detail}` : '';
  console.log(`  ${mark} ${n} ${name} (${secs}s) screenshots/${file}${note}`);
  if (status === 'failed') console.log(detail.replace(/^/gm, '      '));
  results.push({ name, status, detail, file });
}

const t0 = Date.now();
rmSync(SHOTS, { recursive: true, force: true });
mkdirSync(SHOTS, { recursive: true });

const server = await serveWithCaddy(DIST);
const base = server.url;
let driver;
let b;
// Interrupted (Ctrl-C, make killed): the driver's process group was started detached, so
// it is stopped here, with the server.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    await driver?.stop();
    await server.stop();
    process.exit(130);
  });
}
let exitCode = 1;
try {
  driver = await startDriver();
  b = await phone(driver.port);
  const ua = await b.execute(() => navigator.userAgent);
  console.log(`WebKit tier: ${b.capabilities.browserName} ${b.capabilities.browserVersion} (${ua}) on ${base}`);
  const browser = () => b;

  await step('home', 'home shows the week', browser, async (b) => {
    await open(b, base);
    eq(await text(b, 'header h1'), '2024渝北区科技活动周', 'the header');
    await expectCount(b, '共 24 场活动');
    const days = await b.execute(() => [...document.querySelectorAll('#page section.day > h2')].map((h) => h.textContent));
    ok(days.includes('5月25日 周六'), `the week's days are listed (${days.join('、')})`);
    ok((await b.$$('#page .card[data-session]').length) > 0, 'session cards are shown');
    await expectPhoneFit(b, '#page button, #page .chip, .tabs a, #page .card a');
  });

  await step('search', 'search 航空 shows only the aviation session', browser, async (b) => {
    await open(b, base);
    const box = b.$('#q');
    await box.click();
    await box.addValue('航空');
    await expectCount(b, '共 1 场活动');
    eq(await uniqueTitles(b), ['科技带动发展，航空引领未来'], 'the sessions shown');
    // A 5.25–5.27 session: listed under each of its three days.
    eq(await b.$$('#page .card[data-session]').length, 3, 'cards (one per day of the session)');
    eq(await text(b, '#page .card[data-session] h3 mark'), '航空', 'the highlighted match');
    await until('the URL', () => b.getUrl(), (u) => u === `${base}?q=%E8%88%AA%E7%A9%BA`);
  });

  await step('date', '5月26日 shows its 9 sessions', browser, async (b) => {
    await open(b, base);
    const chip = await until('the 5月26日 chip', async () => {
      for (const c of await b.$$('#page .chip')) if ((await c.getText()).includes('5月26日')) return c;
      return null;
    });
    await chip.click();
    await expectCount(b, '共 9 场活动');
    eq(await chip.getAttribute('aria-pressed'), 'true', 'the chip is pressed');
    await showAll(b);
    const titles = await b.execute(() => [...document.querySelectorAll('#page .card[data-session] h3')].map((h) => h.textContent));
    eq(titles.sort(), MAY26, 'the sessions of 5月26日');
    ok((await b.getUrl()).endsWith('?date=2024-05-26'), `the URL says the day (${await b.getUrl()})`);
  });

  await step('base', 'a base page has tel: and map links', browser, async (b) => {
    await open(b, `${base}?q=青铜器`);
    await b.$('#page .card[data-session] a[aria-label="中华优秀传统法律文化传承示范基地"]').click();
    await until('the base heading', () => text(b, '#page .base-page h2'), (t) => t === '中华优秀传统法律文化传承示范基地');
    ok(/[?&]base=b[0-9a-f]{8}/.test(await b.getUrl()), 'the URL names the base');
    const { tels, maps } = await b.execute(() => ({
      tels: [...document.querySelectorAll('#page a[href^="tel:"]')].map((a) => a.getAttribute('href')),
      maps: [...document.querySelectorAll('#page ul[aria-label="在地图中查看"] a')].map((a) => [a.textContent, a.getAttribute('href')]),
    }));
    eq(tels, ['tel:13908370679', 'tel:02367258738'], 'the tap-to-call links');
    eq(maps.map(([name]) => name), ['高德地图', '百度地图', '腾讯地图'], 'the map links');
    const address = encodeURIComponent('重庆市渝北区宝圣大道301号');
    for (const [name, href] of maps) ok(href.includes(address), `${name} links to the address (${href})`);
    await expectPhoneFit(b, '#page a[href^="tel:"], #page ul[aria-label="在地图中查看"] a, #page .base-page > p > a.btn');
  });

  await step('bookmarks', 'two bookmarks survive a reload and are in 我的一周', browser, async (b) => {
    await open(b, base);
    eq(await stored(b), null, 'bookmarks of a new phone');
    await showAll(b);
    for (const id of [AIR, LAB]) {
      await star(b, id).click();
      await until(`${id}'s star on`, () => star(b, id).getAttribute('aria-pressed'), (v) => v === 'true');
    }
    await until('the badge', () => text(b, 'nav.tabs .count'), (t) => t === '2');
    await until('localStorage (format 2: ids, with what each session is)', () => stored(b), storedPlan);
    await reload(b);
    await showAll(b);
    for (const id of [AIR, LAB]) eq(await star(b, id).getAttribute('aria-pressed'), 'true', `${id}'s star after the reload`);
    await until('the badge after the reload', () => text(b, 'nav.tabs .count'), (t) => t === '2');
    await b.$('nav.tabs a[href="?view=week"]').click();
    await until('my week', () => text(b, '#page h2'), (t) => t === '我的一周（2场）');
    ok((await b.getUrl()).endsWith('?view=week'), 'the URL is ?view=week');
    const shown = await b.execute(() => [...new Set([...document.querySelectorAll('#page .card[data-session]')].map((c) => c.dataset.session))].sort());
    eq(shown, [AIR, LAB].sort(), 'the sessions in my week');
  });

  await step('calendar', 'the calendar export link is there', browser, async (b) => {
    await open(b, `${base}?view=week`);
    const link = byText(b, 'a', '导出到日历（.ics）');
    await until('the export link', () => link.isDisplayed());
    eq(await link.getAttribute('download'), 'yubei-week-2024.ics', 'its file name');
    const href = await link.getAttribute('href');
    ok(href.startsWith('data:text/calendar'), `a data: calendar (${href.slice(0, 40)})`);
    const ics = decodeURIComponent(href.slice(href.indexOf(',') + 1));
    const uids = [...ics.matchAll(/^UID:(.*)$/gm)].map((m) => m[1].trim()).sort();
    eq(uids, [AIR, LAB].map((id) => `${id}@yubei-kejizhou-2024`).sort(), 'its events');
  });

  // Safari and WeChat on iOS have the Web Share API; WebKitGTK does not: the sheet is stood
  // in for by a recorder, as in the Chromium tests, and the link it was given is the plan's.
  let planLink = `${base}?plan=${[AIR, LAB].join(',')}`;
  await step('share-sheet', 'sharing my week hands the plan link to the share sheet', browser, async (b) => {
    await open(b, `${base}?view=week`);
    await b.execute(() => {
      window.__shared = [];
      Navigator.prototype.share = function (data) {
        window.__shared.push({ ...data });
        return Promise.resolve();
      };
    });
    await byText(b, 'button', '分享我的一周').click();
    const shared = await until('the share sheet was called', () => b.execute(() => window.__shared), (s) => s.length > 0);
    eq(shared, [{ title: '2024渝北区科技活动周', url: planLink }], 'what the share sheet got');
    planLink = shared[0].url;
    await until('the toast', () => text(b, '.toast'), (t) => t === '已分享');
  });

  // WebKitGTK itself has no Web Share API, like in-app browsers that leave it out: the link
  // goes to the clipboard (WebKit's async Clipboard API), and pastes as the parent would.
  await step('share-copy', 'without a share sheet, 分享此页 copies the link', browser, async (b) => {
    await open(b, `${base}?q=气象`);
    eq(await b.execute(() => 'share' in navigator), false, 'WebKitGTK has a Web Share API');
    await byText(b, 'button', '分享此页').click();
    await until('the toast', () => text(b, '.toast'), (t) => t === '链接已复制，可粘贴给家人');
    eq(await b.$$('#page .manual-copy').length, 0, 'the copy-by-hand box');
    // Pasted into a box of the test's own (readText() needs a permission WebDriver cannot give).
    await b.execute(() => {
      const box = document.createElement('textarea');
      box.id = 'paste-here';
      document.body.prepend(box);
    });
    await b.$('#paste-here').click();
    await b.keys(['Control', 'v']);
    await until('the pasted link', () => b.$('#paste-here').getValue(), (v) => v === `${base}?q=%E6%B0%94%E8%B1%A1`);
  });

  await b.deleteSession();
  b = await phone(driver.port);

  await step('plan-import', 'a ?plan= link in a fresh browser imports', browser, async (b) => {
    await open(b, planLink);
    eq(await stored(b), null, 'bookmarks of the fresh browser');
    await until('the shared plan', () => text(b, '#page h2'), (t) => t === '分享的活动计划（2场）');
    ok((await b.$('#page').getText()).includes('只供查看'), 'it says it is read-only');
    await byText(b, 'button', '全部加入我的一周').click();
    await until('the toast', () => text(b, '.toast'), (t) => t.startsWith('已加入 2 场'));
    await until('the badge', () => text(b, 'nav.tabs .count'), (t) => t === '2');
    await reload(b);
    await until('localStorage after the import', () => stored(b), storedPlan);
    await until('the badge after a reload', () => text(b, 'nav.tabs .count'), (t) => t === '2');
  });

  await step('garbage-url', 'a garbage URL gives its message', browser, async (b) => {
    await open(b, `${base}?date=2024-13-45`);
    await until('the message', () => text(b, '#page .notice-msg'), (t) => t === '链接里的日期「2024-13-45」无法识别，已显示全部日期');
    await expectCount(b, '共 24 场活动');
    // Broken percent-encoding: the bytes that decode are kept, the rest is shown as it is,
    // the empty parameters are ignored, and no message (nothing else in the link was wrong).
    await open(b, `${base}?q=%E0%A4%A&&=&date`);
    eq(await b.$('#q').getValue(), '\uFFFD%A', 'the search box');
    await expectCount(b, '共 0 场活动');
    ok((await text(b, '#page')).includes('没有找到符合条件的活动'), 'it says nothing matched');
    eq(await b.$$('#page .notice-msg:not(.info)').length, 0, 'messages about the link');
  });

  await step('offline', 'an offline reload works from the service worker', browser, async (b) => {
    await open(b, base);
    await until(
      'a service worker controls the page',
      () => b.execute(() => navigator.serviceWorker?.controller !== null && navigator.serviceWorker?.controller !== undefined),
    );
    // Offline: the server is gone (WebDriver has no network switch).
    await server.stop();
    await reload(b);
    await until('the offline message', () => b.$('.offline-bar p').getText(), (t) => t === OFFLINE_MSG);
    await expectCount(b, '共 24 场活动');
    await until('the bookmarks offline', () => text(b, 'nav.tabs .count'), (t) => t === '2');
    const box = b.$('#q');
    await box.click();
    await box.addValue('航空');
    await expectCount(b, '共 1 场活动');
  });
  exitCode = 0;
} catch (e) {
  console.log(`WebKit tier: could not run: ${e.stack ?? e}`);
} finally {
  await b?.deleteSession().catch(() => {});
  await driver?.stop();
  await server.stop();
}

const n = (s) => results.filter((r) => r.status === s).length;
const secs = ((Date.now() - t0) / 1000).toFixed(1);
console.log(`\nScreenshots: ${SHOTS}`);
for (const r of results.filter((r) => r.status === 'skipped')) console.log(`  skipped: ${r.name}: ${r.detail}`);
console.log(`  ${n('passed')} passed, ${n('skipped')} skipped, ${n('failed')} failed (${secs}s)`);
process.exit(exitCode !== 0 || n('failed') > 0 ? 1 : 0);
