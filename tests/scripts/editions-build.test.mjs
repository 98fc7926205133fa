// The build steps on a site of two editions (the newest at the root, 2024/ beside it), on a
// small stand-in for a built site: the Content-Security-Policy covers both pages, a data block
// (the edition's JSON, the week's JSON-LD) is not a script to allow, and each edition has its
// own service worker, whose precache is not misled by the addresses in the JSON-LD. Run by
// `make test-host` (node --test).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyCsp, inlineScripts, isDataBlock, POLICY_FILE } from '../../scripts/csp.mjs';
import { editionFolders, genSw } from '../../scripts/gen-sw.mjs';

const JS = '/yubei-week-0123456789abcdef.js';
const WASM = '/yubei-week-0123456789abcdef_bg.wasm';

/** The week's schema.org data as the prerender writes it (`crates/core/src/event_data.rs`),
 * with addresses of the page's views in it. */
const eventData = (year) =>
  JSON.stringify({
    '@context': 'https://schema.org',
    '@type': 'Event',
    name: `${year}渝北区科技活动周`,
    url: './',
    subEvent: [{ '@type': 'Event', name: '气象+', url: './?plan=s60731c05' }],
  });

/** A page as the build writes it: an edition block, the JSON-LD block, the head script, the
 * bootstrap. */
function page(year) {
  return `<!doctype html><html><head><meta charset="utf-8">
<script type="application/json" id="edition">{"year":${year},"others":[]}</script>
<script type="application/ld+json">${eventData(year)}</script>
<script data-week-over="${year}">document.documentElement.className = 'js';</script>
<script type="module">import('${JS}').then((m) => m.default({ module_or_path: '${WASM}' }));</script>
</head><body></body></html>`;
}

function site() {
  const dir = mkdtempSync(join(tmpdir(), 'editions-build-'));
  mkdirSync(join(dir, 'data'));
  mkdirSync(join(dir, '2024', 'data'), { recursive: true });
  writeFileSync(join(dir, 'index.html'), page(2025));
  writeFileSync(join(dir, '2024', 'index.html'), page(2024));
  writeFileSync(join(dir, JS.slice(1)), 'export default () => {};');
  writeFileSync(join(dir, WASM.slice(1)), 'wasm');
  writeFileSync(join(dir, 'data', 'yubei-2025.json'), '{}');
  writeFileSync(join(dir, '2024', 'data', 'yubei-2024.json'), '{}');
  writeFileSync(join(dir, '2024', 'manifest.webmanifest'), '{}');
  return dir;
}

/** The files a worker precaches (its FILES). */
function precached(sw) {
  return JSON.parse(sw.match(/const FILES = (\[[\s\S]*?\]);/)[1]);
}

test('a data block is not a script to allow', () => {
  assert.deepEqual(inlineScripts(page(2025)).length, 2);
  assert.ok(!inlineScripts(page(2025)).some((s) => s.includes('"year"') || s.includes('schema.org')));
});

test('a data block is any type a browser does not run; every type it runs is a script', () => {
  const blocks = [
    'type="application/json" id="edition"',
    'type="application/ld+json"',
    "type='application/ld+json'",
    'type=application/ld+json',
    'TYPE="Application/LD+JSON"',
    'type="text/plain"',
    'type="text/template"',
    'language="json"',
  ];
  const scripts = [
    '',
    'data-week-over="1717257600000"',
    'data-type="application/json"',
    'type=""',
    'type="  "',
    'type="module"',
    'type=" Module "',
    'type="text/javascript"',
    'type="TEXT/JavaScript"',
    'type="text/javascript; charset=utf-8"',
    'type="application/ecmascript"',
    'type="text/javascript1.5"',
    'type="importmap"',
    'type="speculationrules"',
    'language="javascript"',
    'language=""',
  ];
  for (const attrs of blocks) assert.ok(isDataBlock(` ${attrs}`), attrs);
  for (const attrs of scripts) assert.ok(!isDataBlock(attrs ? ` ${attrs}` : ''), attrs);
  const html = [...blocks, ...scripts].map((attrs, i) => `<script ${attrs}>x${i}</script>`).join('\n');
  assert.deepEqual(inlineScripts(html), scripts.map((_, i) => `x${blocks.length + i}`));
  // A script with a source is not inline, whatever its type; one with data-src is.
  assert.deepEqual(inlineScripts('<script src="/a-0123.js"></script><script data-src="x">y</script>'), ['y']);
});

test("one policy covers every edition's page", () => {
  const dir = site();
  const header = applyCsp(dir, ['index.html', '2024/index.html']);
  for (const p of ['index.html', '2024/index.html']) {
    const html = readFileSync(join(dir, p), 'utf8');
    assert.match(html, /<meta http-equiv="Content-Security-Policy"/, p);
  }
  assert.equal(readFileSync(join(dir, POLICY_FILE), 'utf8'), `${header}\n`);
  assert.equal((header.match(/'sha256-/g) ?? []).length, 2);
});

test('each edition has its own worker; the home page never precaches an earlier one', () => {
  const dir = site();
  assert.deepEqual(editionFolders(dir), ['2024']);
  genSw(dir);
  const home = precached(readFileSync(join(dir, 'sw.js'), 'utf8'));
  assert.ok(home.includes('data/yubei-2025.json'), home.join());
  assert.ok(!home.some((f) => f.startsWith('2024/')), home.join());
  const earlier = precached(readFileSync(join(dir, '2024', 'sw.js'), 'utf8'));
  assert.deepEqual(earlier.sort(), ['./', JS, WASM, 'data/yubei-2024.json', 'manifest.webmanifest'].sort());
});

test('a page naming code the build does not have is refused', () => {
  const dir = site();
  writeFileSync(join(dir, '2024', 'index.html'), page(2024).replace(JS, '/yubei-week-fedcba9876543210.js'));
  assert.throws(() => genSw(dir), /2024\/index.html names 2 hashed files, not in the build/);
});

test("an earlier edition's worker keeps the chunks the root's code loads on demand", () => {
  const dir = site();
  const loader = '__wasm_split-00112233aabbccdd.js';
  const chunk = 'split_week-0123456789abcdef.wasm';
  writeFileSync(join(dir, JS.slice(1)), `import { load } from "./${loader}";\nexport default () => {};`);
  writeFileSync(join(dir, loader), `import { initSync } from ".${JS}";\nfetch(new URL("./${chunk}", import.meta.url));`);
  writeFileSync(join(dir, chunk), 'wasm');
  genSw(dir);
  const earlier = precached(readFileSync(join(dir, '2024', 'sw.js'), 'utf8'));
  assert.ok(earlier.includes(`/${loader}`) && earlier.includes(`/${chunk}`), earlier.join());
  // A chunk the loader names but the build lacks is refused, like a page's missing code.
  writeFileSync(join(dir, loader), `fetch(new URL("./split_base-0123456789abcdef.wasm", import.meta.url));`);
  assert.throws(() => genSw(dir), /split_base-0123456789abcdef.wasm is named but not in the build/);
});
