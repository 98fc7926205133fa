// Trunk post-build hook, in order (each step works on the files the one before wrote):
// 0. split.mjs cuts the app's wasm into the first load and the chunks loaded on demand, and
//    optimises every module (trunk's own wasm-opt is off: it would optimise the uncut module);
// 1. the prerender (crates/app/src/bin/prerender.rs) writes the newest edition of
//    data/editions.json (another list: EDITIONS=path) into the staged index.html: its home
//    view, title, link preview, dataset address, the week's schema.org data (JSON-LD) and the
//    head script (scripts/head.js); and next to it the edition's dataset, calendar and manifest;
// 2. inline.mjs puts the bootstrap (scripts/bootstrap.js) in place of trunk's placeholder;
// 3. csp.mjs hashes the pages' inline scripts (now final) into the Content-Security-Policy:
//    a <meta> in each page and the header's value in .content-security-policy;
// 4. gen-sw.mjs writes sw.js, whose version hashes the final files, index.html included, and
//    one for each earlier edition's folder;
// 5. precompress.mjs writes the .br and .gz copies of every compressible file, sw.js included.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { applyCsp } from './csp.mjs';
import { editionFolders, genSw } from './gen-sw.mjs';
import { inlineInto } from './inline.mjs';
import { precompress } from './precompress.mjs';
import { split } from './split.mjs';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error('post-build: TRUNK_STAGING_DIR is not set (run through trunk build)');
  process.exit(1);
}
for (const line of split(dir)) console.log(`post-build: split: ${line}`);
const prerender = spawnSync(
  'cargo',
  ['run', '--quiet', '--bin', 'prerender', '--', join(dir, 'index.html'), process.env.EDITIONS || 'data/editions.json'],
  { stdio: 'inherit' },
);
if (prerender.status !== 0) {
  console.error(`post-build: the prerender failed (exit ${prerender.status ?? prerender.error})`);
  process.exit(1);
}
// The home page, then each earlier edition's (`2024/index.html`, written by the prerender).
const pages = ['index.html', ...editionFolders(dir).map((f) => `${f}/index.html`)];
for (const page of pages) console.log(`post-build: inlined ${inlineInto(dir, page)} into ${page}`);
console.log(`post-build: Content-Security-Policy: ${applyCsp(dir, pages)}`);
for (const line of genSw(dir)) console.log(`post-build: ${line}`);
const compressed = precompress(dir);
console.log(`post-build: ${compressed.length} files precompressed (.br, .gz)`);
