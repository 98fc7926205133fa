// Trunk post-build hook, in order: (1) the prerender (src/bin/prerender.rs) writes the home
// view of the committed dataset into the staged index.html; (2) gen-sw.mjs writes sw.js,
// whose version hashes the final files, index.html included.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error('post-build: TRUNK_STAGING_DIR is not set (run through trunk build)');
  process.exit(1);
}
const prerender = spawnSync(
  'cargo',
  ['run', '--quiet', '--bin', 'prerender', '--', join(dir, 'index.html'), 'data/yubei-2024.json'],
  { stdio: 'inherit' },
);
if (prerender.status !== 0) {
  console.error(`post-build: the prerender failed (exit ${prerender.status ?? prerender.error})`);
  process.exit(1);
}
await import('./gen-sw.mjs');
