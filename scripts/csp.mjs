// The page's Content-Security-Policy, computed from the built index.html (post-build step, after
// the prerender: the inline scripts it and trunk write change with every build).
//
// - script-src allows this origin, WebAssembly compilation ('wasm-unsafe-eval') and the inline
//   scripts of this very page by their SHA-256 (no 'unsafe-inline', no 'unsafe-eval');
// - style-src allows inline styles (the <style> block and a few style attributes);
// - img-src allows data: (the inline favicon); everything else is this origin only.
//
// The policy goes into index.html as <meta http-equiv> (for hosts that cannot send headers;
// placed before every script, so it covers them) with <meta name="referrer">, and into
// dist/.content-security-policy with the header-only directives added: the value of the
// Content-Security-Policy header the server sends (scripts/serve.sh passes it to Caddy).
//
// Usage: node scripts/csp.mjs [dir=$TRUNK_STAGING_DIR]
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The file (in the build's root) holding the header's value; not served (see Caddyfile). */
export const POLICY_FILE = '.content-security-policy';
/** Directives a <meta> cannot carry: sent by the server only. */
export const HEADER_ONLY = ["frame-ancestors 'none'"];
export const REFERRER_POLICY = 'strict-origin-when-cross-origin';

const SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;
const META_CSP = /[ \t]*<meta http-equiv="Content-Security-Policy"[^>]*>\n?/gi;
const META_REFERRER = /[ \t]*<meta name="referrer"[^>]*>\n?/gi;
const CHARSET = /<meta charset="utf-8">\n?/i;

/** HTML's JavaScript MIME type essences: a <script> of one of these types is a classic script. */
const JAVASCRIPT_TYPES = new Set([
  'application/ecmascript', 'application/javascript', 'application/x-ecmascript',
  'application/x-javascript', 'text/ecmascript', 'text/javascript', 'text/javascript1.0',
  'text/javascript1.1', 'text/javascript1.2', 'text/javascript1.3', 'text/javascript1.4',
  'text/javascript1.5', 'text/jscript', 'text/livescript', 'text/x-ecmascript', 'text/x-javascript',
]);
/** The other types a browser runs, which script-src governs too. */
const RUN_TYPES = new Set(['module', 'importmap', 'speculationrules']);

/** An attribute's value in a start tag's attributes (quoted either way or not), or null. */
const attribute = (attrs, name) => {
  const m = attrs.match(new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s"'=<>\`]+))`, 'i'));
  return m ? (m[1] ?? m[2] ?? m[3]) : null;
};

/** Whether a <script> with these attributes is a data block (`application/json`, the JSON-LD
 * of `application/ld+json`, any type that is not JavaScript): the browser never runs it, so
 * it is not a script to allow. As HTML reads the type (the `language` attribute when there is
 * no `type`), except that it errs on the side of running: a JavaScript type with parameters
 * (`text/javascript; charset=utf-8`) or a type of spaces counts as a script, whose hash in
 * the policy costs nothing. */
export function isDataBlock(attrs) {
  const type = attribute(attrs, 'type');
  const language = attribute(attrs, 'language');
  const named = (type ?? (language ? `text/${language}` : '')).trim().toLowerCase();
  if (named === '') return false;
  const essence = named.split(';')[0].trim();
  return !JAVASCRIPT_TYPES.has(essence) && !RUN_TYPES.has(named);
}

/** The text of every inline script (a <script> without src, not a data block), as the browser
 * hashes it. */
export function inlineScripts(html) {
  return [...html.matchAll(SCRIPT)]
    .filter(([, attrs]) => attribute(attrs, 'src') === null && !isDataBlock(attrs))
    .map(([, , text]) => text.replace(/\r\n?/g, '\n'));
}

const sha256 = (text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** The policy for `html` (without the header-only directives). */
export function policyFor(html) {
  const hashes = [...new Set(inlineScripts(html).map(sha256))];
  return [
    "default-src 'self'",
    ["script-src 'self' 'wasm-unsafe-eval'", ...hashes].join(' '),
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; ');
}

/** The Content-Security-Policy header's value for a page whose policy is `policy`. */
export const headerPolicy = (policy) => [policy, ...HEADER_ONLY].join('; ');

/** `html` with the policy (and the referrer policy) as <meta> right after <meta charset>,
 * replacing any an earlier run put there. */
export function withMeta(html) {
  const clean = html.replace(META_CSP, '').replace(META_REFERRER, '');
  const policy = policyFor(clean);
  const charset = clean.match(CHARSET);
  if (!charset) throw new Error('csp: index.html has no <meta charset="utf-8"> to put the policy after');
  const at = charset.index + charset[0].length;
  const meta =
    `  <meta http-equiv="Content-Security-Policy" content="${policy}">\n` +
    `  <meta name="referrer" content="${REFERRER_POLICY}">\n`;
  const out = clean.slice(0, at) + meta + clean.slice(at);
  const firstScript = out.search(/<script\b/i);
  if (firstScript >= 0 && firstScript < at) throw new Error('csp: a <script> comes before <meta charset>: the policy would not cover it');
  return { html: out, policy };
}

/** Writes the policy into each of `pages` in `dir` and `dir`/.content-security-policy; returns
 * it. The server sends one header for the whole site: the pages (each edition's) must run the
 * same inline scripts, which they do (the same head script and bootstrap). */
export function applyCsp(dir, pages = ['index.html']) {
  const policies = new Set();
  for (const page of pages) {
    const index = join(dir, page);
    const { html, policy } = withMeta(readFileSync(index, 'utf8'));
    writeFileSync(index, html);
    policies.add(policy);
  }
  if (policies.size !== 1) throw new Error(`csp: the pages (${pages.join(', ')}) need different policies`);
  const [policy] = policies;
  const header = headerPolicy(policy);
  writeFileSync(join(dir, POLICY_FILE), `${header}\n`);
  return header;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR;
  if (!dir) {
    console.error('csp: usage: node scripts/csp.mjs DIR (or TRUNK_STAGING_DIR set by trunk)');
    process.exit(1);
  }
  const header = applyCsp(dir);
  console.log(`csp: ${header}`);
}
