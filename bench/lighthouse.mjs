// Lighthouse 12.2.3 (bench/node_modules, from the committed lockfile), mobile form factor with
// the default simulated throttling, against a URL. Each run's full report is kept in
// bench/out/lighthouse/ for a closer look.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHROME_FLAGS, CHROMIUM, OUT, ROOT, median, run } from './lib.mjs';

const CLI = join(ROOT, 'bench/node_modules/lighthouse/cli/index.js');
export const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
export const METRICS = {
  fcp: 'first-contentful-paint',
  lcp: 'largest-contentful-paint',
  tbt: 'total-blocking-time',
  cls: 'cumulative-layout-shift',
};

/** One Lighthouse run: the four category scores (0–100), the metrics, and some detail. */
export async function lighthouse(url, label) {
  const dir = join(OUT, 'lighthouse');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${label}.json`);
  await run(
    process.execPath,
    [
      CLI,
      url,
      '--output=json',
      `--output-path=${path}`,
      '--quiet',
      `--only-categories=${CATEGORIES.join(',')}`,
      `--chrome-flags=${CHROME_FLAGS.join(' ')}`,
    ],
    { env: { ...process.env, CHROME_PATH: CHROMIUM } },
  );
  const lhr = JSON.parse(readFileSync(path, 'utf8'));
  if (lhr.runtimeError) throw new Error(`lighthouse ${url}: ${lhr.runtimeError.message}`);
  const result = { scores: {}, metrics: {}, failed: [], path };
  for (const c of CATEGORIES) result.scores[c] = Math.round((lhr.categories[c]?.score ?? NaN) * 100);
  for (const [k, id] of Object.entries(METRICS)) result.metrics[k] = lhr.audits[id]?.numericValue;
  // Audits that cost points outside performance (these categories are budgeted at 100).
  for (const c of CATEGORIES.slice(1)) {
    for (const ref of lhr.categories[c]?.auditRefs ?? []) {
      const a = lhr.audits[ref.id];
      if (ref.weight > 0 && a && a.score !== null && a.score < 1) result.failed.push(`${c}: ${a.id} (${a.title})`);
    }
  }
  // Where LCP time goes: the element and its phases (TTFB, load delay, load time, render delay).
  const lcpEl = lhr.audits['largest-contentful-paint-element']?.details?.items ?? [];
  const node = lcpEl[0]?.items?.[0]?.node;
  const phases = lcpEl[1]?.items ?? [];
  result.lcpElement = node ? `${node.nodeLabel ?? ''} <${node.selector ?? ''}>` : '';
  result.lcpPhases = phases.map((p) => `${p.phase} ${Math.round(p.timing)} ms`).join(', ');
  result.warnings = lhr.runWarnings ?? [];
  return result;
}

/** Median over runs of every score and metric, plus the detail of the median-LCP run. */
export function summarize(runs) {
  const scores = {};
  const metrics = {};
  for (const c of CATEGORIES) scores[c] = median(runs.map((r) => r.scores[c]));
  for (const k of Object.keys(METRICS)) metrics[k] = median(runs.map((r) => r.metrics[k]));
  const byLcp = [...runs].sort((a, b) => a.metrics.lcp - b.metrics.lcp);
  const mid = byLcp[Math.floor((byLcp.length - 1) / 2)];
  const failed = [...new Set(runs.flatMap((r) => r.failed))];
  const warnings = [...new Set(runs.flatMap((r) => r.warnings))];
  return { scores, metrics, lcpElement: mid.lcpElement, lcpPhases: mid.lcpPhases, failed, warnings, n: runs.length };
}
