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
const body = template
  .replace('__VERSION__', JSON.stringify(version))
  .replace('__FILES__', JSON.stringify(['./', ...files.filter((f) => f !== 'index.html')], null, 2));
writeFileSync(join(dir, 'sw.js'), body);
console.log(`gen-sw: sw.js version ${version}, ${files.length} files`);
