// Starts the app after the first paint: links the web app manifest, preloads the wasm and the
// edition's dataset (in parallel with the JS), then imports the app and starts it. Inlined into
// index.html as a module script by inline.mjs at build time, which puts trunk's hashed file
// names in place of `{base}{js}` and `{base}{wasm}`.
//
// If it cannot start (an old browser, a failed download, a Content-Security-Policy that does
// not allow WebAssembly), <html> loses the classes that said the app would take over (`js`,
// `pending`: scripts/head.js) and the prerendered week stays the page, with the line for
// browsers without JavaScript; the classes about the week itself (`week-over`) stay.
const d = document, h = d.documentElement;
let started = false;
function start() {
  if (started) return;
  started = true;
  const manifest = d.createElement('link');
  Object.assign(manifest, { rel: 'manifest', href: 'manifest.webmanifest' });
  d.head.append(manifest);
  // The edition's dataset, as the build named it in the page (crates/app/src/prerender.rs).
  const dataset = d.querySelector('meta[name="yubei-dataset"]');
  const preloads = [['{base}{wasm}', 'application/wasm']];
  if (dataset && dataset.content) preloads.push([dataset.content, 'application/json']);
  for (const [href, type] of preloads) {
    const l = d.createElement('link');
    Object.assign(l, { rel: 'preload', as: 'fetch', href, type, crossOrigin: 'anonymous' });
    d.head.append(l);
  }
  import('{base}{js}')
    .then((m) => m.default({ module_or_path: '{base}{wasm}' }))
    .catch(() => { h.classList.remove('js', 'pending'); });
}
if (h.classList.contains('js')) {
  // Once the first paint is on screen (its timing entry is reported after it is presented).
  try {
    new PerformanceObserver((list, observer) => {
      observer.disconnect();
      setTimeout(start, 0);
    }).observe({ type: 'paint', buffered: true });
  } catch (e) {
    requestAnimationFrame(() => setTimeout(start, 0));
  }
  setTimeout(start, 1000);
}
