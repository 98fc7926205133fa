// Shared pieces of `make bench`: paths, servers, sizes, medians, and the table printer.
import { spawn } from 'node:child_process';
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { createServer, get as httpGet } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const OUT = join(ROOT, 'bench/out');
export const CHROMIUM = process.env.CHROME_PATH || '/usr/bin/chromium';
export const CHROME_FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A TCP port that was free a moment ago. */
export function freePort() {
  return new Promise((ok, fail) => {
    const srv = createNetServer();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
  });
}

/** Whether http://127.0.0.1:`port`/ answers. */
function answers(port) {
  return new Promise((ok) => {
    httpGet({ host: '127.0.0.1', port, path: '/' }, (res) => {
      res.resume();
      ok(true);
    }).on('error', () => ok(false));
  });
}

/**
 * Serves `dir` the way the app is published: Caddy with the committed Caddyfile, started by
 * scripts/serve.sh as `make serve` and the end-to-end tests do (the build's precompressed
 * .br/.gz copies, caching and security headers). `dir` must hold a `.content-security-policy`
 * (scripts/csp.mjs) and should hold the copies (scripts/precompress.mjs). Resolves to
 * `{ url, stop }` once it answers.
 */
export async function serveCompressed(dir) {
  const port = await freePort();
  const child = spawn(join(ROOT, 'scripts/serve.sh'), [dir, String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c) => (stderr += c));
  let exited = null;
  child.on('exit', (code) => (exited = code));
  const until = Date.now() + 15_000;
  while (!(await answers(port))) {
    if (exited !== null) throw new Error(`scripts/serve.sh ${dir} exited with ${exited}\n${stderr}`);
    if (Date.now() > until) {
      child.kill();
      throw new Error(`Caddy did not answer for ${dir} on port ${port} within 15 s\n${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url: `http://127.0.0.1:${port}/`,
    stop: () =>
      new Promise((ok) => {
        if (exited !== null) return ok();
        child.on('exit', () => ok());
        child.kill('SIGTERM');
      }),
  };
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
};

/** A plain in-process static server without compression (for multi-MB synthetic datasets). */
export async function servePlain(dir) {
  const root = resolve(dir);
  const server = createServer((req, res) => {
    let rel = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (rel.endsWith('/')) rel += 'index.html';
    const path = normalize(join(root, rel));
    let ok = path.startsWith(root + sep);
    try {
      ok = ok && statSync(path).isFile();
    } catch {
      ok = false;
    }
    if (!ok) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, {
      'content-type': TYPES[extname(path)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
    });
    createReadStream(path).pipe(res);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    stop: () => new Promise((ok) => server.close(() => ok())),
  };
}

/** Raw, gzip -9 and brotli -q 11 sizes of a file, in bytes. */
export function sizes(path) {
  return sizesOf(readFileSync(path));
}

/** Raw, gzip -9 and brotli -q 11 sizes of bytes in memory. */
export function sizesOf(body) {
  return {
    raw: body.length,
    gzip: gzipSync(body, { level: 9 }).length,
    br: brotliCompressSync(body, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 11,
        [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
      },
    }).length,
  };
}

export function median(values) {
  const v = values.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

/** Runs a command, resolving to its stdout; rejects with its stderr when it fails. */
export function run(cmd, args, options = {}) {
  return new Promise((ok, fail) => {
    const child = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], ...options });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    child.on('error', fail);
    child.on('exit', (code) =>
      code === 0 ? ok(out) : fail(new Error(`${cmd} ${args.join(' ')} exited with ${code}\n${err.slice(-4000)}`)),
    );
  });
}

/** Terminal width of a string: CJK and full-width forms take two columns. */
function width(s) {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0);
    w += (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6)
      ? 2
      : 1;
  }
  return w;
}

const pad = (s, n, right = false) => {
  const fill = ' '.repeat(Math.max(0, n - width(s)));
  return right ? fill + s : s + fill;
};

/** Prints rows (arrays of strings) as an aligned table under `header`; `align` has 'r' for
 * right-aligned columns. A row that is a string is printed as a section rule. */
export function table(header, rows, align = []) {
  const cells = rows.filter((r) => Array.isArray(r));
  const widths = header.map((h, i) => Math.max(width(h), ...cells.map((r) => width(r[i] ?? ''))));
  const line = (r) => r.map((c, i) => pad(c ?? '', widths[i], align[i] === 'r')).join('  ').trimEnd();
  const total = widths.reduce((a, b) => a + b + 2, -2);
  const out = [line(header), '-'.repeat(total)];
  for (const r of rows) out.push(Array.isArray(r) ? line(r) : `-- ${r} ${'-'.repeat(Math.max(0, total - width(r) - 4))}`);
  return out.join('\n');
}

/** A cursor over a wasm module's bytes (past the 8-byte header): unsigned LEB128 numbers,
 * length-prefixed UTF-8 names, single bytes. Shared by run.mjs and wasm-breakdown.mjs. */
export class WasmReader {
  constructor(bytes) {
    this.bytes = bytes;
    this.pos = 8;
  }

  get done() {
    return this.pos >= this.bytes.length;
  }

  byte() {
    return this.bytes[this.pos++];
  }

  leb() {
    let v = 0;
    let shift = 0;
    for (;;) {
      const byte = this.byte();
      v += (byte & 0x7f) * 2 ** shift;
      shift += 7;
      if (byte < 0x80) return v;
    }
  }

  str() {
    const n = this.leb();
    const s = this.bytes.toString('utf8', this.pos, this.pos + n);
    this.pos += n;
    return s;
  }
}
