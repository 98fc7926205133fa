// Writes `f.br` (brotli, quality 11) and `f.gz` (gzip, level 9) next to every compressible file
// `f` of a build, for a server that sends precompressed files (Caddyfile: `precompressed br
// gzip`): the best compression, paid once at build time instead of on every request. A copy
// no smaller than its file (a tiny robots.txt) is not written: the file itself is sent. The
// last post-build step: every file is final by then (index.html, sw.js). Files whose name
// starts with a dot are not part of the site and are skipped; the copies are rewritten on
// every run, so a changed file never keeps a stale copy.
//
// Usage: node scripts/precompress.mjs [dir=$TRUNK_STAGING_DIR]
import { readdirSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.wasm', '.json', '.webmanifest', '.svg', '.txt', '.ics', '.xml']);
export const SIDECARS = ['.br', '.gz'];

/** Whether `rel` (a path inside a build, `/`-separated) is a compressed copy or a dotfile:
 * not a file of the site itself (the service worker does not precache these). */
export const isAuxiliary = (rel) =>
  SIDECARS.some((s) => rel.endsWith(s)) || rel.split('/').some((part) => part.startsWith('.'));

function walk(dir, rel = '') {
  return readdirSync(join(dir, rel)).flatMap((name) => {
    const r = rel ? `${rel}/${name}` : name;
    return statSync(join(dir, r)).isDirectory() ? walk(dir, r) : [r];
  });
}

/** Compresses every compressible file of `dir`; returns [{ file, raw, br, gz }]. */
export function precompress(dir) {
  const all = walk(dir);
  // Copies of files that are gone (or no longer compressible) would be served for nothing.
  for (const f of all) {
    if (!SIDECARS.some((s) => f.endsWith(s))) continue;
    const original = f.slice(0, -3);
    if (!all.includes(original) || !COMPRESSIBLE.has(extname(original))) unlinkSync(join(dir, f));
  }
  const out = [];
  for (const f of all.filter((f) => !isAuxiliary(f) && COMPRESSIBLE.has(extname(f)))) {
    const body = readFileSync(join(dir, f));
    const br = brotliCompressSync(body, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 11,
        [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
      },
    });
    const gz = gzipSync(body, { level: 9 });
    // A copy no smaller than the file (a tiny robots.txt) is not written: the file is sent.
    for (const [suffix, bytes] of [['.br', br], ['.gz', gz]]) {
      const path = join(dir, `${f}${suffix}`);
      if (bytes.length < body.length) writeFileSync(path, bytes);
      else rmSync(path, { force: true });
    }
    out.push({ file: f, raw: body.length, br: Math.min(br.length, body.length), gz: Math.min(gz.length, body.length) });
  }
  return out;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR;
  if (!dir) {
    console.error('precompress: usage: node scripts/precompress.mjs DIR (or TRUNK_STAGING_DIR set by trunk)');
    process.exit(1);
  }
  const done = precompress(dir);
  const sum = (k) => done.reduce((a, d) => a + d[k], 0);
  console.log(`precompress: ${done.length} files, ${sum('raw')} B -> br ${sum('br')} B, gzip ${sum('gz')} B`);
}
