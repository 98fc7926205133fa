// Post-build step: puts scripts/bootstrap.js into the staged index.html as an inline module
// script, in place of the placeholder trunk wrote from Trunk.toml's `pattern_script`:
//   <script type="module" data-inline="scripts/bootstrap.js" data-js="/app-HASH.js" data-wasm="/app-HASH_bg.wasm"></script>
// The file's `{base}{js}` and `{base}{wasm}` (trunk's own placeholder syntax, so the file reads
// as the script it becomes) take the hashed names trunk put on the placeholder. Inline, the
// bootstrap costs no request before the app's own; csp.mjs then hashes it like the others.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PLACEHOLDER = /<script type="module" data-inline="([^"]+)" data-js="([^"]+)" data-wasm="([^"]+)"><\/script>/;

/** `html` with the placeholder replaced by the script `read(path)` returns, names filled in. */
export function inlineBootstrap(html, read = (path) => readFileSync(join(ROOT, path), 'utf8')) {
  const found = html.match(PLACEHOLDER);
  if (!found) throw new Error('inline: index.html has no bootstrap placeholder (see pattern_script in Trunk.toml)');
  const [placeholder, path, js, wasm] = found;
  const text = read(path);
  for (const name of ['{base}{js}', '{base}{wasm}']) {
    if (!text.includes(name)) throw new Error(`inline: ${path} does not use ${name}`);
  }
  const script = `<script type="module">\n${text.replaceAll('{base}{js}', js).replaceAll('{base}{wasm}', wasm)}</script>`;
  // A function, so that `$` in the script is not read as a replacement pattern.
  return html.replace(placeholder, () => script);
}

/** Inlines the bootstrap into `dir`/`page`; returns the script's path. */
export function inlineInto(dir, page = 'index.html') {
  const index = join(dir, page);
  const html = readFileSync(index, 'utf8');
  writeFileSync(index, inlineBootstrap(html));
  return html.match(PLACEHOLDER)[1];
}
