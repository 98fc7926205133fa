// End-to-end tests against the real release build (dist/, built by `trunk build --release`),
// served as it is published: by Caddy with the committed Caddyfile (scripts/serve.sh, as
// `make serve` does), on 127.0.0.1, in Debian's Chromium at a phone viewport.
import { defineConfig } from '@playwright/test';

const PORT = Number(process.env.E2E_PORT ?? 8091);
// A site of two editions (`make editions-site`): 2025 at the root, 2024 at 2024/.
const EDITIONS_PORT = PORT + 1;
// The suites that run again against the 2024 week at 2024/ of that site: an earlier edition,
// at an address of its own, works as the only edition did (the others test the build, the
// server and the releases of dist/ itself).
const WEEK_SPECS = [
  'browse', 'plan', 'titles', 'firstscreen', 'keep-plan', 'tabs', 'print', 'subscribe', 'inapp',
  'dark', 'clock', 'storage-fails', 'on-demand', 'event-data',
].map((name) => `**/${name}.spec.js`);

export default defineConfig({
  testDir: './specs',
  // A test.only left in a commit would make CI run that test alone, and pass.
  forbidOnly: !!process.env.CI,
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  outputDir: './test-results',
  use: {
    baseURL: `http://127.0.0.1:${PORT}/`,
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    serviceWorkers: 'allow',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [
    { name: 'site' },
    {
      name: '2024 in a site of two editions',
      testMatch: WEEK_SPECS,
      use: { baseURL: `http://127.0.0.1:${EDITIONS_PORT}/2024/` },
    },
  ],
  webServer: [
    {
      command: `../../scripts/serve.sh ../../dist ${PORT}`,
      url: `http://127.0.0.1:${PORT}/`,
      reuseExistingServer: false,
      timeout: 20_000,
    },
    {
      command: `../../scripts/serve.sh .editions/dist ${EDITIONS_PORT}`,
      url: `http://127.0.0.1:${EDITIONS_PORT}/`,
      reuseExistingServer: false,
      timeout: 20_000,
    },
  ],
});
