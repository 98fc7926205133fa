// Post-build step: cuts the app's wasm into the first load and the chunks fetched on demand
// (crates/app/src/ui/on_demand.rs), in place of the whole module trunk staged. Trunk 0.21 does
// not split; with the `split` feature (index.html) cargo links the module with its relocations
// (crates/app/build.rs), and this step, on that raw cargo output:
// 1. wasm-split-cli cuts it: the main module, a chunk per on-demand view plus the chunks they
//    share, and the JS that loads them (`__wasm_split.js`);
// 2. wasm-bindgen makes the main module's JS, keeping the exports the chunks link against;
// 3. wasm-opt (binaryen 132, the one trunk is pinned to) optimises every module;
// 4. the main module and its JS replace trunk's, under trunk's names (the bootstrap names
//    them); each chunk and the loader get a name with a hash of their content *and* the main
//    module's, so a page of one release can never load another release's chunk, and the
//    references between the files are rewritten to those names.
// Every later step (prerender, CSP, service worker, precompression) sees the final files.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The app's binary (crates/app/Cargo.toml) and the name its split outputs are given. */
const BIN = 'yubei-week';
/** The features the module is optimised for (the browsers the app supports all have them). */
const WASM_OPT = ['-Oz', '--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-sign-ext',
  '--enable-mutable-globals', '--enable-reference-types', '--enable-multivalue'];

const run = (cmd, args) => execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'] }).toString();
const hash = (...parts) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex').slice(0, 16);
};
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Trunk's names for the app in `dir`: `yubei-week-<hash>.js` and `…_bg.wasm`. */
function trunkNames(dir) {
  const js = readdirSync(dir).filter((f) => new RegExp(`^${BIN}-[0-9a-f]{1,16}\\.js$`).test(f));
  if (js.length !== 1) throw new Error(`split: expected one ${BIN}-<hash>.js in ${dir}, found ${js.length}`);
  const wasm = js[0].replace(/\.js$/, '_bg.wasm');
  return { js: js[0], wasm };
}

/** The raw module cargo linked for the release build (before wasm-bindgen). */
function rawModule() {
  const meta = JSON.parse(run('cargo', ['metadata', '--no-deps', '--format-version', '1']));
  return join(meta.target_directory, 'wasm32-unknown-unknown', 'release', `${BIN}.wasm`);
}

/** Splits the app staged in `dir`; returns a line per file written, with its size. */
export function split(dir) {
  if (!run('wasm-opt', ['--version']).includes('version 132')) {
    throw new Error('split: wasm-opt is not binaryen 132 (see Makefile: setup)');
  }
  const names = trunkNames(dir);
  const work = mkdtempSync(join(tmpdir(), 'split-'));
  try {
    const cut = join(work, 'cut');
    run('wasm-split-cli', [rawModule(), cut, '--out-name', BIN]);
    const chunks = readdirSync(cut).filter((f) => f.endsWith('.wasm') && f !== `${BIN}.wasm`).sort();
    if (!chunks.some((f) => f.startsWith('split_'))) {
      throw new Error('split: the module has no split point (was it built with the `split` feature?)');
    }
    const bound = join(work, 'bound');
    run('wasm-bindgen', [join(cut, `${BIN}.wasm`), '--out-dir', bound, '--target', 'web',
      '--keep-lld-exports', '--no-typescript', '--out-name', BIN]);
    const main = join(bound, `${BIN}_bg.wasm`);
    run('wasm-opt', [...WASM_OPT, main, '-o', main]);
    for (const c of chunks) run('wasm-opt', [...WASM_OPT, join(cut, c), '-o', join(cut, c)]);

    const mainBytes = readFileSync(main);
    const renamed = new Map();
    const written = [];
    for (const c of chunks) {
      const bytes = readFileSync(join(cut, c));
      const name = `${c.replace(/\.wasm$/, '')}-${hash(mainBytes, bytes)}.wasm`;
      renamed.set(c, name);
      writeFileSync(join(dir, name), bytes);
      written.push([name, bytes.length]);
    }
    let loader = readFileSync(join(cut, '__wasm_split.js'), 'utf8');
    loader = replaceExactly(loader, `"./${BIN}.js"`, `"./${names.js}"`);
    for (const [from, to] of renamed) loader = replaceExactly(loader, `"./${from}"`, `"./${to}"`);
    const loaderName = `__wasm_split-${hash(mainBytes, loader)}.js`;
    writeFileSync(join(dir, loaderName), loader);
    written.push([loaderName, loader.length]);

    // Only the module specifiers (an import per chunk): the import object's keys
    // `"./__wasm_split.js"` further down are the name the wasm imports from, and must stay.
    const glue = replaceEvery(readFileSync(join(bound, `${BIN}.js`), 'utf8'),
      `from "./__wasm_split.js"`, `from "./${loaderName}"`);
    writeFileSync(join(dir, names.js), glue);
    writeFileSync(join(dir, names.wasm), mainBytes);
    written.unshift([names.wasm, mainBytes.length], [names.js, glue.length]);
    return written.map(([name, size]) => `${name} ${size} B`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** `text` with `from` (which must occur exactly once) replaced by `to`. */
function replaceExactly(text, from, to) {
  const count = text.split(from).length - 1;
  if (count !== 1) throw new Error(`split: expected ${from} once in the generated JS, found it ${count} times`);
  return text.replace(new RegExp(escape(from)), () => to);
}

/** `text` with every `from` (at least one) replaced by `to`. */
function replaceEvery(text, from, to) {
  if (!text.includes(from)) throw new Error(`split: expected ${from} in the generated JS`);
  return text.replaceAll(from, () => to);
}
