// Starts Caddy on a build directory for a spec that needs its own server (a copy of dist/ it
// changes), the way `make serve` and the Playwright webServer do: scripts/serve.sh.
import { spawn } from 'node:child_process';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export const SERVE = fileURLToPath(new URL('../../../scripts/serve.sh', import.meta.url));

/** A TCP port that was free a moment ago. */
export function freePort() {
  return new Promise((ok, fail) => {
    const probe = createServer();
    probe.on('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => ok(port));
    });
  });
}

/** Resolves once http://127.0.0.1:`port`/ answers. */
function answers(port) {
  return new Promise((ok) => {
    get({ host: '127.0.0.1', port, path: '/' }, (res) => {
      res.resume();
      ok(true);
    }).on('error', () => ok(false));
  });
}

/** Serves `dir` through Caddy, on `port` when given (a release published over another on the
 * same origin), else on a free one; resolves to `{ url, port, stop }` once it answers. */
export async function serveWithCaddy(dir, { port: wanted = null, timeoutMs = 15_000 } = {}) {
  const port = wanted ?? (await freePort());
  const child = spawn(SERVE, [dir, String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c) => (stderr += c));
  let exited = null;
  child.on('exit', (code) => (exited = code));
  const until = Date.now() + timeoutMs;
  while (!(await answers(port))) {
    if (exited !== null) throw new Error(`scripts/serve.sh ${dir} exited with ${exited}\n${stderr}`);
    if (Date.now() > until) {
      child.kill();
      throw new Error(`Caddy did not answer on ${port} within ${timeoutMs} ms\n${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    stop: () =>
      new Promise((ok) => {
        if (exited !== null) return ok();
        child.on('exit', () => ok());
        child.kill('SIGTERM');
      }),
  };
}
