// The page's own scripts (scripts/head.js, scripts/bootstrap.js) run as JavaScript, outside a
// browser: the head script in a small stand-in for the document, the bootstrap through the
// build step that inlines it. Run by `make test-host` (node --test).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { inlineBootstrap } from '../../scripts/inline.mjs';

const HEAD = readFileSync(new URL('../../scripts/head.js', import.meta.url), 'utf8');
const PARAMS = 'q date cat base view plan';
const OVER = 1717257600000; // 2024-06-02 00:00 in Chongqing

/** The classes head.js leaves on <html> for a page at `search`, at `now`. */
function headClasses(search, { now = OVER - 1, wasm = true, modules = true } = {}) {
  const classes = new Set();
  const html = {
    classList: { add: (c) => classes.add(c) },
    set className(value) {
      classes.clear();
      value.split(' ').forEach((c) => classes.add(c));
    },
  };
  const data = { 'data-params': PARAMS, 'data-week-over': String(OVER) };
  const context = {
    document: {
      documentElement: html,
      currentScript: { getAttribute: (name) => data[name] ?? null },
      createElement: () => (modules ? { noModule: false } : {}),
    },
    location: { search },
    URLSearchParams,
    Date: { now: () => now },
  };
  // A context has its own WebAssembly, like a browser: hide it for one without.
  if (!wasm) context.WebAssembly = undefined;
  runInNewContext(HEAD, context);
  return [...classes].sort().join(' ');
}

test('a link without parameters shows the prerendered week, and the app takes over', () => {
  assert.equal(headClasses(''), 'js');
  assert.equal(headClasses('?utm_source=wechat'), 'js');
  assert.equal(headClasses('?q='), 'js', 'an empty parameter asks for nothing');
});

test('a link with a parameter the app reads waits behind the skeleton', () => {
  for (const name of PARAMS.split(' ')) {
    assert.equal(headClasses(`?${name}=x`), 'js pending', name);
  }
});

test('a browser that cannot run the app keeps the prerendered week', () => {
  assert.equal(headClasses('?q=x', { wasm: false }), '');
  assert.equal(headClasses('?q=x', { modules: false }), '');
});

test('once the week is over the note shows from the first paint, in every browser', () => {
  assert.equal(headClasses('', { now: OVER }), 'js week-over');
  assert.equal(headClasses('', { now: OVER, wasm: false }), 'week-over');
  assert.equal(headClasses('', { now: OVER - 1 }), 'js');
});

test('the bootstrap is inlined with the hashed names of the build', () => {
  const placeholder =
    '<script type="module" data-inline="scripts/bootstrap.js" data-js="/yubei-week-0123abcd.js" data-wasm="/yubei-week-0123abcd_bg.wasm"></script>';
  const html = `<head><title>t</title>${placeholder}</head>`;
  const page = inlineBootstrap(html);
  const script = page.match(/<script type="module">([\s\S]*)<\/script>/)[1];
  assert.equal(script, '\n' + readFileSync(new URL('../../scripts/bootstrap.js', import.meta.url), 'utf8')
    .replaceAll('{base}{js}', '/yubei-week-0123abcd.js')
    .replaceAll('{base}{wasm}', '/yubei-week-0123abcd_bg.wasm'));
  assert.match(script, /import\('\/yubei-week-0123abcd\.js'\)/);
  assert.match(script, /module_or_path: '\/yubei-week-0123abcd_bg\.wasm'/);
  assert.ok(!script.includes('{base}'));
  assert.ok(!page.includes('data-inline'));
  // `$&` and the like in the script stay as written.
  const dollar = inlineBootstrap(html, () => "const x = '$&{base}{js}{base}{wasm}';\n");
  assert.ok(dollar.includes("const x = '$&/yubei-week-0123abcd.js/yubei-week-0123abcd_bg.wasm';"));
  assert.throws(() => inlineBootstrap('<head></head>'), /no bootstrap placeholder/);
});
