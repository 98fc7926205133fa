// Runs in <head> before the first paint (inlined there by crates/app/src/prerender.rs, hashed into the
// Content-Security-Policy by csp.mjs) and says, on <html>, how the page will be shown:
// - class `js` when this browser can run the app (WebAssembly and module scripts), plus
//   `pending` when the link carries a parameter the app reads (then the prerendered week,
//   which would contradict it, waits behind a skeleton). Without the class the prerendered
//   week is the page;
// - class `week-over` once the week is over: the prerendered note saying so is shown from the
//   first paint, so nothing moves when the app, which shows the same note, takes over.
// What it needs from the dataset comes as data on its own script element: `data-params`,
// the URL parameter names (space-separated), and `data-week-over`, the instant the week ends
// (Unix milliseconds). Written for every browser that may open the page, old ones included:
// no arrow functions, no `let`.
(function (h, script) {
  try {
    var names = script.getAttribute('data-params').split(' ');
    var over = Number(script.getAttribute('data-week-over'));
    if (typeof WebAssembly == 'object' && 'noModule' in document.createElement('script')) {
      var p = new URLSearchParams(location.search);
      h.className = names.some(function (n) { return p.get(n); }) ? 'js pending' : 'js';
    }
    if (Date.now() >= over) h.classList.add('week-over');
  } catch (e) {}
})(document.documentElement, document.currentScript);
