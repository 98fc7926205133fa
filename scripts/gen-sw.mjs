// Trunk post-build hook: writes sw.js into the staging dir, and one into each earlier
// edition's folder (`2024/`, written by the prerender). A worker precaches every file of its
// page's edition (the home page's: every file of the build outside the edition folders; an
// edition folder's: its own files and the code at the root its page names), and its cache
// name is a hash of their contents, so a new build (new hashed file names, a new dataset)
// installs a new worker that replaces the old cache. An earlier edition is cached when its
// page is opened (its worker's scope is its folder); the home page never fetches it. The
// compressed copies (.br, .gz: scripts/precompress.mjs) and dotfiles (the server's policy file)
// are not files of the site: the server sends the copies in place of the originals, so they
// are neither precached nor part of the version.
//
// Usage: node scripts/gen-sw.mjs (with TRUNK_STAGING_DIR set; trunk sets it for its hooks)
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isAuxiliary } from './precompress.mjs';

/** A hashed file as a page names it, in quotes: `import('/yubei-week-….js')`. Trunk's names
 * are `name-<hash>.js` and `name-<hash>_bg.wasm`, the hash a 64-bit number in hex without
 * leading zeros: 16 digits, or fewer (15 in about one build of 16). Written into the worker
 * too. */
const NAMED = /["']([^"'\s]*-[0-9a-f]{1,16}(?:_bg)?\.(?:js|wasm|css))["']/g;

/** An earlier edition's folder: its year. */
const EDITION_FOLDER = /^[0-9]{4}$/;

function walk(d) {
  return readdirSync(d).flatMap((name) => {
    const p = join(d, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

/** The earlier editions' folders in `dir` (each with its page). */
export function editionFolders(dir) {
  return readdirSync(dir)
    .filter((name) => EDITION_FOLDER.test(name) && existsSync(join(dir, name, 'index.html')))
    .sort();
}

/** Writes the worker of the page in `dir`/`folder` (`''`: the home page); returns its
 * version and how many files it precaches. */
function writeWorker(dir, folder) {
  const here = join(dir, folder);
  const files = walk(here)
    .map((p) => relative(here, p).split('\\').join('/'))
    .filter((f) => !(folder === '' && EDITION_FOLDER.test(f.split('/')[0]) && f.includes('/')))
    .filter((f) => f !== 'sw.js' && !f.endsWith('.txt') && !isAuxiliary(f))
    .sort();
  // The worker stores a page only when every hashed file it names is one of its files (see
  // isOwnPage in the template): a page that names none, or one the build does not have, would
  // never be stored, and the worker never installed. Refuse such a build here.
  const page = readFileSync(join(here, 'index.html'), 'utf8');
  const named = [...page.matchAll(NAMED)].map((m) => new URL(m[1], `http://site/${folder ? `${folder}/` : ''}`).pathname);
  const root = new Set(walk(dir).map((p) => `/${relative(dir, p).split('\\').join('/')}`));
  const strays = named.filter((p) => !root.has(p));
  if (named.length === 0 || strays.length > 0) {
    throw new Error(`gen-sw: ${join(folder, 'index.html')} names ${named.length} hashed files, not in the build: ${strays.join(', ') || '(none named)'}`);
  }
  // An edition folder's page runs the code at the root: its worker keeps that too, with every
  // file that code loads in turn (the split module's loader and chunks, scripts/split.mjs).
  const code = folder === '' ? [] : loadedBy(dir, named, root);
  const template = readFileSync(new URL('./sw.template.js', import.meta.url), 'utf8');
  // The worker's own code is part of the version: a changed template alone is a new version.
  const hash = createHash('sha256').update(template);
  for (const f of files) {
    hash.update(f);
    hash.update(readFileSync(join(here, f)));
  }
  for (const p of code) {
    hash.update(p);
    hash.update(readFileSync(join(dir, p)));
  }
  const version = hash.digest('hex').slice(0, 16);
  const precached = ['./', ...files.filter((f) => f !== 'index.html'), ...code];
  const body = template
    .replace('__VERSION__', () => JSON.stringify(version))
    .replace('__FILES__', () => JSON.stringify(precached, null, 2))
    .replace('__NAMED__', () => String(NAMED));
  writeFileSync(join(here, 'sw.js'), body);
  return `${join(folder, 'sw.js')} version ${version}, ${files.length + code.length} files`;
}

/** The files at the root that `paths` (absolute paths in the site) name, and the files those
 * name in turn: a script names the next by a quoted relative name, like a page does. A name of
 * a file the build does not have is an error, as for a page. */
export function loadedBy(dir, paths, root) {
  const found = new Set();
  const queue = [...paths];
  while (queue.length) {
    const p = queue.shift();
    if (found.has(p)) continue;
    if (!root.has(p)) throw new Error(`gen-sw: ${p} is named but not in the build`);
    found.add(p);
    if (!p.endsWith('.js')) continue;
    const text = readFileSync(join(dir, p), 'utf8');
    for (const m of text.matchAll(NAMED)) queue.push(new URL(m[1], `http://site${p}`).pathname);
  }
  return [...found].sort();
}

/** Writes the home page's worker and each earlier edition's; returns what each holds. */
export function genSw(dir) {
  return ['', ...editionFolders(dir)].map((folder) => writeWorker(dir, folder));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = process.env.TRUNK_STAGING_DIR;
  if (!dir) {
    console.error('gen-sw: TRUNK_STAGING_DIR is not set (run through trunk build)');
    process.exit(1);
  }
  try {
    for (const line of genSw(dir)) console.log(`gen-sw: ${line}`);
  } catch (e) {
    console.error(e.message);
    process.exit(1);
  }
}
