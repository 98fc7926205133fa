// Fails when two modules of a crate import each other, directly or through others (make lint).
// A module is a file under a crate's src/ (a folder's mod.rs is the folder's module); it
// imports another when its code names it by path: `crate::days`, `super::share` in `ui/`, or
// `yubei_core::model` from another crate. Comments are left out (a doc link is not an import);
// a module's own submodules and its parent are not counted.
// Usage: node scripts/no-circles.mjs SRC_DIR...
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : name.endsWith('.rs') ? [path] : [];
  });
}

/** The module a file is, as a path from the crate root (`ui::share`), or null for a binary. */
function moduleOf(src, file) {
  const parts = relative(src, file).replace(/\.rs$/, '').split('/');
  if (parts[0] === 'bin') return null;
  if (['mod', 'lib', 'main'].includes(parts.at(-1))) parts.pop();
  return parts.join('::');
}

const withoutComments = (code) => code.replace(/\/\/[^\n]*/g, '').replace(/\/\*[\s\S]*?\*\//g, '');

let circles = 0;
for (const src of process.argv.slice(2)) {
  const imports = new Map();
  for (const file of files(src)) {
    const module = moduleOf(src, file);
    if (module === null) continue;
    const code = withoutComments(readFileSync(file, 'utf8'));
    const named = new Set();
    for (const [, first, second] of code.matchAll(/\b(?:crate|yubei_\w+)::(\w+)(?:::(\w+))?/g)) {
      named.add(first);
      if (second) named.add(`${first}::${second}`);
    }
    // `super::x` from a file in a folder names a sibling in that folder.
    const parent = module.split('::').slice(0, -1).join('::');
    for (const [, sibling] of code.matchAll(/\bsuper::(\w+)/g)) {
      named.add(parent ? `${parent}::${sibling}` : sibling);
    }
    imports.set(module, named);
  }
  const related = (a, b) => a === b || a.startsWith(`${b}::`) || b.startsWith(`${a}::`);
  const edges = new Map();
  for (const [module, named] of imports) {
    edges.set(module, [...named].filter((m) => imports.has(m) && !related(module, m)));
  }
  // A circle is a path back to where it started; each is reported once, from its least name.
  const reported = new Set();
  for (const start of edges.keys()) {
    const stack = [[start, [start]]];
    while (stack.length) {
      const [at, path] = stack.pop();
      for (const next of edges.get(at)) {
        if (next === start) {
          const key = [...path].sort().join(' ');
          if (!reported.has(key)) {
            reported.add(key);
            circles += 1;
            console.error(`${src}: modules import each other: ${[...path, start].join(' -> ')}`);
          }
        } else if (!path.includes(next) && next > start) {
          stack.push([next, [...path, next]]);
        }
      }
    }
  }
}
if (circles) process.exit(1);
console.log('no modules import each other');
