// Trunk post-build hook: writes sw.js into the staging dir. The service worker precaches every
// file of this build, and its cache name is a hash of their contents, so a new build (new
// hashed file names, a new dataset) installs a new worker that replaces the old cache. The
// compressed copies (.br, .gz: scripts/precompress.mjs) and dotfiles (the server's policy file)
// are not files of the site: the server sends the copies in place of the originals, so they
// are neither precached nor part of the version.
//
// Usage: node scripts/gen-sw.mjs (with TRUNK_STAGING_DIR set; trunk sets it for its hooks)
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { isAuxiliary } from './precompress.mjs';

/** A hashed file as a page names it, in quotes: `import('/yubei-week-….js')`. Trunk's names
 * are `name-<hash>.js` and `name-<hash>_bg.wasm`, the hash a 64-bit number in hex without
 * leading zeros: 16 digits, or fewer (15 in about one build of 16). Written into the worker
 * too. */
const NAMED = /["']([^"'\s]*-[0-9a-f]{1,16}(?:_bg)?\.(?:js|wasm|css))["']/g;

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error('gen-sw: TRUNK_STAGING_DIR is not set (run through trunk build)');
  process.exit(1);
}

function walk(d) {
  return readdirSync(d).flatMap((name) => {
    const p = join(d, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

const files = walk(dir)
  .map((p) => relative(dir, p).split('\\').join('/'))
  .filter((f) => f !== 'sw.js' && !f.endsWith('.txt') && !isAuxiliary(f))
  .sort();
const template = readFileSync(new URL('./sw.template.js', import.meta.url), 'utf8');
// The worker's own code is part of the version: a changed template alone is a new version.
const hash = createHash('sha256').update(template);
for (const f of files) {
  hash.update(f);
  hash.update(readFileSync(join(dir, f)));
}
const version = hash.digest('hex').slice(0, 16);

// The worker stores a page only when every hashed file it names is one of this build's (see
// isOwnPage in the template): a page that names none, or one the build does not have, would
// never be stored, and the worker never installed. Refuse such a build here.
const named = [...readFileSync(join(dir, 'index.html'), 'utf8').matchAll(NAMED)].map((m) => new URL(m[1], 'http://site/').pathname.slice(1));
const strays = named.filter((f) => !files.includes(f));
if (named.length === 0 || strays.length > 0) {
  console.error(`gen-sw: index.html names ${named.length} hashed files, not in the build: ${strays.join(', ') || '(none named)'}`);
  process.exit(1);
}

const body = template
  .replace('__VERSION__', () => JSON.stringify(version))
  .replace('__FILES__', () => JSON.stringify(['./', ...files.filter((f) => f !== 'index.html')], null, 2))
  .replace('__NAMED__', () => String(NAMED));
writeFileSync(join(dir, 'sw.js'), body);
console.log(`gen-sw: sw.js version ${version}, ${files.length} files`);
