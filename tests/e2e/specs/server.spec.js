// What parents get from the published build: the app as Caddy serves dist/ (Caddyfile,
// scripts/serve.sh), its security headers and Content-Security-Policy, its compression and
// caching, and its privacy: every view works under the policy with no violation and no console
// error, and the page asks nothing of any other origin, ever.
import { test, expect } from '@playwright/test';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { serveWithCaddy } from './caddy.js';
import { open, watchConsole } from './helpers.js';

const DIST = fileURLToPath(new URL('../../../dist', import.meta.url));
const dataset = JSON.parse(readFileSync(new URL('../../../data/yubei-2024.json', import.meta.url), 'utf8'));
const OFFLINE_MSG = '网络不通或太慢，正在显示上次保存的离线数据。';
const count = (page) => page.locator('.bar p[role="status"]');
const index = readFileSync(join(DIST, 'index.html'), 'utf8');
const hashed = (re) => {
  const name = readdirSync(DIST).find((f) => re.test(f));
  if (!name) throw new Error(`dist/ has no file matching ${re}`);
  return name;
};
const WASM = hashed(/^yubei-week-[0-9a-f]{1,16}_bg\.wasm$/);
const JS = hashed(/^yubei-week-[0-9a-f]{1,16}\.js$/);

/** A GET with exactly the request headers given (no Accept-Encoding unless given): the status,
 * the response headers and the body's bytes as sent (not decoded). */
function raw(baseURL, path, headers = {}) {
  return new Promise((ok, fail) => {
    get(new URL(path, baseURL), { headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => ok({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', fail);
  });
}

/** Directives of a policy, by name: { 'script-src': ["'self'", …], … }. */
function directives(policy) {
  return Object.fromEntries(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...values]) => [name, values]),
  );
}

/**
 * Watches everything the page does that the policy or privacy forbids: Content-Security-Policy
 * violations (the `securitypolicyviolation` event, in every document of the context), console
 * errors, and requests (the pages' and the service worker's) to anything but `origin`.
 * `check()` fails the test on any of them.
 */
async function watchPolicy(context, page, origin) {
  const violations = [];
  await context.exposeBinding('__cspViolation', (_source, v) => violations.push(v));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__cspViolation(`${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber} ${e.sample}`),
    );
  });
  const requests = [];
  context.on('request', (r) => requests.push(r.url()));
  const logs = watchConsole(page);
  return {
    violations,
    requests,
    console: logs,
    check() {
      expect(violations, 'Content-Security-Policy violations').toEqual([]);
      logs.check();
      const elsewhere = requests.filter((u) => {
        const url = new URL(u);
        return url.protocol === 'data:' || url.protocol === 'blob:' ? false : url.origin !== origin;
      });
      expect(elsewhere, 'requests to another origin').toEqual([]);
      expect(requests.length).toBeGreaterThan(0);
    },
  };
}

/** Resolves once a service worker controls the page (its precache filled). */
async function untilControlled(page) {
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}

const base = dataset.bases[0];
const [s1, s2] = dataset.sessions;
const VIEWS = [
  ['home', './', async (page) => expect(count(page)).toHaveText(`共 ${dataset.sessions.length} 场活动`)],
  ['a search', './?q=航空', async (page) => expect(count(page)).toHaveText('共 1 场活动')],
  ['a day', './?date=2024-05-26', async (page) => expect(count(page)).toHaveText('共 9 场活动')],
  ['a base', `./?base=${base.id}`, async (page) => {
    await expect(page.getByRole('heading', { name: base.name }).first()).toBeVisible();
    // Its map and phone links are there, for the parent to follow (or not): no request yet.
    await expect(page.locator('a[href^="tel:"]').first()).toBeVisible();
  }],
  ['the notice', './?view=notice', async (page) => expect(page.locator('#page')).toContainText('科技活动周')],
  ['a shared plan', `./?plan=${s1.id},${s2.id}`, async (page) => {
    for (const s of [s1, s2]) await expect(page.locator(`[data-session="${s.id}"]`).first()).toBeVisible();
  }],
];

for (const [name, path, shows] of VIEWS) {
  test(`${name} (${path}) loads with no policy violation, no console error, nothing from another origin`, async ({ page, context, baseURL }) => {
    const watch = await watchPolicy(context, page, new URL(baseURL).origin);
    await open(page, path);
    await shows(page);
    await untilControlled(page);
    await page.waitForLoadState('networkidle');
    watch.check();
  });
}

test('my week, with bookmarks made on the page, loads under the policy', async ({ page, context, baseURL }) => {
  const watch = await watchPolicy(context, page, new URL(baseURL).origin);
  await open(page);
  const card = page.locator('.card[data-session]').first();
  const id = await card.getAttribute('data-session');
  await card.locator('.star').click();
  await page.goto('./?view=week');
  await expect(page.locator('#page[data-ready="true"]')).toBeVisible();
  await expect(page.locator(`[data-session="${id}"]`).first()).toBeVisible();
  // The calendar export is a data: link the parent downloads: a navigation, not a request.
  await expect(page.getByRole('link', { name: '导出到日历（.ics）' })).toHaveAttribute('href', /^data:text\/calendar/);
  await page.waitForLoadState('networkidle');
  watch.check();
});

test('an offline reload loads under the policy, from the service worker', async ({ page, context, baseURL }) => {
  const watch = await watchPolicy(context, page, new URL(baseURL).origin);
  await open(page);
  await untilControlled(page);
  await context.setOffline(true);
  await page.reload();
  await expect(page.locator('#page[data-ready="true"]')).toBeVisible();
  await expect(page.getByText(OFFLINE_MSG)).toBeVisible();
  await expect(count(page)).toHaveText(`共 ${dataset.sessions.length} 场活动`);
  watch.check();
  await context.setOffline(false);
});

test('the policy: the header and the <meta> agree, and name every inline script by its hash', async ({ baseURL }) => {
  const res = await raw(baseURL, './');
  expect(res.status).toBe(200);
  const html = res.body.toString('utf8');
  const header = res.headers['content-security-policy'];
  const meta = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/)?.[1];
  expect(meta, 'a <meta http-equiv="Content-Security-Policy">').toBeTruthy();
  // The <meta> comes before every script (a policy covers only what follows it).
  expect(html.indexOf('http-equiv="Content-Security-Policy"')).toBeLessThan(html.search(/<script\b/));
  expect(header).toBe(`${meta}; frame-ancestors 'none'`);

  const d = directives(header);
  expect(d['default-src']).toEqual(["'self'"]);
  expect(d['object-src']).toEqual(["'none'"]);
  expect(d['base-uri']).toEqual(["'self'"]);
  expect(d['frame-ancestors']).toEqual(["'none'"]);
  expect(Object.values(d).flat()).not.toContain("'unsafe-eval'");
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
  // The edition block and the week's schema.org data are data the browser never runs: no
  // script to allow.
  const isBlock = (attrs) => /type="application\/(?:ld\+)?json"/.test(attrs);
  const blocks = scripts.filter(([, attrs]) => isBlock(attrs));
  expect(blocks.map(([, attrs]) => attrs.trim()), 'two data blocks: the edition, the JSON-LD').toEqual([
    'type="application/json" id="edition"',
    'type="application/ld+json"',
  ]);
  const inline = scripts.filter(([, attrs]) => !/\bsrc=/.test(attrs) && !isBlock(attrs));
  expect(inline.length, 'the head script, the bootstrap and the service worker registration').toBe(3);
  const hashes = inline.map(([, , text]) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`);
  expect(d['script-src'].sort()).toEqual(["'self'", "'wasm-unsafe-eval'", ...hashes].sort());
  // Nothing but this origin (and data: images: the inline favicon) anywhere in the policy.
  for (const [name, values] of Object.entries(d)) {
    for (const v of values) expect(`${name} ${v}`).toMatch(/'self'|'none'|'wasm-unsafe-eval'|'sha256-[A-Za-z0-9+/]+=*'|'unsafe-inline'|data:/);
    if (name !== 'style-src') expect(values, name).not.toContain("'unsafe-inline'");
  }
  expect(d['img-src']).toEqual(["'self'", 'data:']);
  expect(html).toContain('<meta name="referrer" content="strict-origin-when-cross-origin">');
});

test('every response carries the security headers', async ({ baseURL }) => {
  for (const path of ['./', 'index.html', 'sw.js', WASM, JS, 'data/yubei-2024.json', 'manifest.webmanifest', 'icon-192.png']) {
    const { status, headers } = await raw(baseURL, path, { 'accept-encoding': 'br' });
    expect(status, path).toBe(200);
    expect(headers['content-security-policy'], path).toContain("frame-ancestors 'none'");
    expect(headers['x-content-type-options'], path).toBe('nosniff');
    expect(headers['referrer-policy'], path).toBe('strict-origin-when-cross-origin');
    const permissions = headers['permissions-policy'] ?? '';
    for (const feature of ['camera', 'microphone', 'geolocation', 'payment']) expect(permissions, path).toContain(`${feature}=()`);
  }
});

test('the wasm is application/wasm, brotli when the browser accepts it and uncompressed when not', async ({ baseURL }) => {
  const file = readFileSync(join(DIST, WASM));
  const br = await raw(baseURL, WASM, { 'accept-encoding': 'gzip, deflate, br' });
  expect(br.status).toBe(200);
  expect(br.headers['content-type']).toBe('application/wasm');
  expect(br.headers['content-encoding']).toBe('br');
  expect(br.headers.vary).toMatch(/accept-encoding/i);
  expect(br.body.length).toBeLessThan(file.length / 2);
  expect(brotliDecompressSync(br.body).equals(file)).toBe(true);

  const gzip = await raw(baseURL, WASM, { 'accept-encoding': 'gzip' });
  expect(gzip.headers['content-encoding']).toBe('gzip');
  expect(gunzipSync(gzip.body).equals(file)).toBe(true);

  for (const headers of [{}, { 'accept-encoding': 'identity' }]) {
    const plain = await raw(baseURL, WASM, headers);
    expect(plain.status).toBe(200);
    expect(plain.headers['content-type']).toBe('application/wasm');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.equals(file)).toBe(true);
  }
});

// Without a service worker: once one controls the page (it may, before the app asks for its
// wasm), the page's request is answered by the worker, not by the server this test is about.
test.describe('straight from the server', () => {
  test.use({ serviceWorkers: 'block' });

  test('the browser gets the wasm as application/wasm, brotli-compressed', async ({ page }) => {
    const responses = [];
    page.on('response', (r) => r.url().endsWith('_bg.wasm') && !r.fromServiceWorker() && responses.push(r));
    await open(page);
    expect(responses.length).toBeGreaterThan(0);
    for (const r of responses) {
      const asked = (await r.request().allHeaders())['accept-encoding'];
      const headers = await r.allHeaders();
      expect(headers['content-type']).toBe('application/wasm');
      // Chromium asks for brotli (over http too, for 127.0.0.1).
      if (asked) expect(asked).toMatch(/\bbr\b/);
      expect(headers['content-encoding']).toBe('br');
    }
  });
});

test('the page, the worker and the data are revalidated; hashed files are immutable for a year', async ({ baseURL }) => {
  for (const path of ['./', 'index.html', 'sw.js', 'data/yubei-2024.json', 'manifest.webmanifest', 'robots.txt']) {
    const { headers } = await raw(baseURL, path, { 'accept-encoding': 'br' });
    expect(headers['cache-control'], path).toBe('no-cache');
    expect(headers.etag ?? headers['last-modified'], `${path}: a validator`).toBeTruthy();
  }
  for (const path of [WASM, JS]) {
    const { headers } = await raw(baseURL, path, { 'accept-encoding': 'br' });
    expect(headers['cache-control'], path).toBe('public, max-age=31536000, immutable');
  }
});

test('types: the manifest, the data, the page', async ({ baseURL }) => {
  for (const [path, type] of [
    ['./', 'text/html; charset=utf-8'],
    ['manifest.webmanifest', 'application/manifest+json; charset=utf-8'],
    ['data/yubei-2024.json', 'application/json; charset=utf-8'],
    ['sw.js', 'text/javascript; charset=utf-8'],
    ['robots.txt', 'text/plain; charset=utf-8'],
  ]) {
    for (const ae of ['br', 'gzip', 'identity']) {
      const { headers } = await raw(baseURL, path, { 'accept-encoding': ae });
      expect(headers['content-type'], `${path} (${ae})`).toBe(type);
    }
  }
});

test('the server sends files only as the site has them: no policy file, no .br or .gz by name', async ({ baseURL }) => {
  for (const path of ['.content-security-policy', 'index.html.br', 'index.html.gz', `${WASM}.br`, 'data/yubei-2024.json.gz']) {
    expect((await raw(baseURL, path)).status, path).toBe(404);
  }
});

test('the build: a .br and a .gz next to every compressible file, none precached by the worker', () => {
  const files = [];
  const walk = (rel) => {
    for (const name of readdirSync(join(DIST, rel))) {
      const r = rel ? `${rel}/${name}` : name;
      if (statSync(join(DIST, r)).isDirectory()) walk(r);
      else files.push(r);
    }
  };
  walk('');
  for (const f of files.filter((f) => ['.html', '.js', '.wasm', '.json', '.webmanifest', '.svg'].includes(extname(f)))) {
    const body = readFileSync(join(DIST, f));
    for (const [suffix, decode] of [['.br', brotliDecompressSync], ['.gz', gunzipSync]]) {
      expect(existsSync(join(DIST, f + suffix)), f + suffix).toBe(true);
      expect(decode(readFileSync(join(DIST, f + suffix))).equals(body), `${f + suffix} holds ${f}`).toBe(true);
    }
  }
  const precached = JSON.parse(readFileSync(join(DIST, 'sw.js'), 'utf8').match(/const FILES = (\[[\s\S]*?\]);/)[1]);
  expect(precached).toContain(WASM);
  expect(precached.filter((f) => /\.(br|gz)$/.test(f) || f.split('/').some((p) => /^\.[^/]/.test(p) && p !== '.'))).toEqual([]);
  expect(index).toContain('http-equiv="Content-Security-Policy"');
});

test('a calendar file, were one published, is text/calendar', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'yubei-types-'));
  writeFileSync(join(dir, '.content-security-policy'), "default-src 'self'\n");
  writeFileSync(join(dir, 'week.ics'), 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n');
  const server = await serveWithCaddy(dir);
  try {
    const { status, headers } = await raw(server.url, 'week.ics');
    expect(status).toBe(200);
    expect(headers['content-type']).toBe('text/calendar; charset=utf-8');
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
