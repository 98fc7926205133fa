// Where the wasm's bytes go: code size per crate and the largest functions, read from a wasm
// that still has its name section. Not run by `make bench` (it needs an unstripped build, a
// few minutes of compiling); run it by hand when the wasm budget fails:
//
//   CARGO_TARGET_DIR=/tmp/wasm-names cargo build --release --target wasm32-unknown-unknown \
//     --bin yubei-week --config 'profile.release.strip=false'
//   wasm-bindgen --target web --out-dir /tmp/wasm-names/bg \
//     /tmp/wasm-names/wasm32-unknown-unknown/release/yubei-week.wasm
//   wasm-opt -Oz -g <the feature flags of index.html> /tmp/wasm-names/bg/yubei-week_bg.wasm -o /tmp/named.wasm
//   node bench/wasm-breakdown.mjs /tmp/named.wasm [top=25]
//
// Sizes are raw bytes of function bodies (the code section); the data section (string
// constants, tables) is reported as one line.
import { readFileSync } from 'node:fs';
import { WasmReader } from './lib.mjs';

const [path, topArg] = process.argv.slice(2);
if (!path) {
  console.error('usage: node bench/wasm-breakdown.mjs FILE.wasm [top]');
  process.exit(2);
}
const top = Number(topArg ?? 25);
const b = readFileSync(path);
const r = new WasmReader(b);
const leb = () => r.leb();
const str = () => r.str();

let imported = 0;
const bodies = [];
const names = new Map();
const sections = {};
while (!r.done) {
  const id = r.byte();
  const size = leb();
  const end = r.pos + size;
  if (id === 2) {
    for (let n = leb(); n > 0; n--) {
      str();
      str();
      const kind = r.byte();
      if (kind === 0) {
        imported++;
        leb();
      } else if (kind === 1) {
        r.pos++;
        const flags = leb();
        leb();
        if (flags & 1) leb();
      } else if (kind === 2) {
        const flags = leb();
        leb();
        if (flags & 1) leb();
      } else if (kind === 3) {
        r.pos += 2;
      } else if (kind === 4) {
        r.pos++;
        leb();
      }
    }
  } else if (id === 10) {
    for (let n = leb(); n > 0; n--) {
      const len = leb();
      bodies.push(len + 1);
      r.pos += len;
    }
  } else if (id === 0) {
    const name = str();
    if (name === 'name') {
      while (r.pos < end) {
        const sub = r.byte();
        const subSize = leb();
        const subEnd = r.pos + subSize;
        if (sub === 1) {
          for (let n = leb(); n > 0; n--) {
            const idx = leb();
            names.set(idx, str());
          }
        }
        r.pos = subEnd;
      }
    }
    sections[`custom:${name}`] = size;
  }
  sections[id] = (sections[id] ?? 0) + size;
  r.pos = end;
}
if (names.size === 0) {
  console.error(`${path} has no function names: build it unstripped (see the header of this script)`);
  process.exit(1);
}

/** The crate a (demangled or legacy-mangled) Rust symbol belongs to, roughly: the first path
 * segment in it (`<T as tachys::view::Render>::build` counts as tachys). */
function crateOf(name) {
  const legacy = name.match(/^_ZN(\d+)(\w+)/);
  if (legacy) return legacy[2].slice(0, Number(legacy[1]));
  const m = name.match(/([A-Za-z_][\w]*)(\[[0-9a-f]+\])?::/);
  if (m) return m[1];
  return '(no path: runtime, libc, shims)';
}

const byCrate = new Map();
const fns = [];
bodies.forEach((size, i) => {
  const name = names.get(imported + i) ?? `func[${imported + i}]`;
  const crate = crateOf(name);
  byCrate.set(crate, (byCrate.get(crate) ?? 0) + size);
  fns.push({ name, size });
});
const code = bodies.reduce((a, s) => a + s, 0);
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(`${path}: ${kb(b.length)} raw; code ${kb(code)} in ${bodies.length} functions; data ${kb(sections[11] ?? 0)}`);
console.log('\ncode by crate:');
for (const [crate, size] of [...byCrate].sort((x, y) => y[1] - x[1]).slice(0, top)) {
  console.log(`  ${kb(size).padStart(9)}  ${((100 * size) / code).toFixed(1).padStart(5)}%  ${crate}`);
}
console.log(`\nlargest ${top} functions:`);
for (const f of fns.sort((x, y) => y.size - x.size).slice(0, top)) {
  console.log(`  ${kb(f.size).padStart(9)}  ${f.name.slice(0, 150)}`);
}
