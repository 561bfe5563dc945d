// Service worker: makes the page work offline and cross-origin isolated.
// Source web/sw/sw.js; tools/build_web.sh puts it at the site root, because a
// service worker controls only URLs under its own folder and must control the page.
// - precaches the app shell (page, scripts, WASM core, ONNX Runtime .mjs/.wasm,
//   markdown-it's module, models/index.json, the models' CARD.md, so that the
//   page renders a model card offline) in a cache named after the build's
//   version; the version and the file list are stamped in by tools/web_index.mjs
//   at build time;
// - serves model files from the per-model caches that the worker fills after
//   checking each ONNX file's SHA-256 (worker/model-loader.js; on a model's first
//   use, or by "Make all models available offline"), else from the network;
// - deletes caches of older versions, and model caches no model uses, on activate;
// - waits to take over until the page asks (update banner -> 'skip-waiting');
// - adds COOP/COEP (+ CSP) to everything it serves, so threads work even on
//   static hosts that cannot set headers.
const VERSION = '__DXLENS_VERSION__';
const PRECACHE = '__DXLENS_PRECACHE__';
const SHELL_CACHE = `dxlens-shell-${VERSION}`;
const MODEL_CACHE_PREFIX = 'dxlens-model-';
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; img-src 'self' blob: data:; " +
  "worker-src 'self' blob:; style-src 'self'; object-src 'none'; base-uri 'self'; form-action 'none'; frame-ancestors 'none'";

const scope = new URL(self.registration.scope);
const modelsPath = new URL('models/', scope).pathname;
const indexUrl = new URL('models/index.json', scope).href;

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(SHELL_CACHE);
    await cache.addAll(PRECACHE.map((path) => new Request(new URL(path, scope), { cache: 'reload' })));
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const keep = new Set([SHELL_CACHE]);
    try {
      const index = await (await caches.open(SHELL_CACHE)).match(indexUrl);
      for (const m of (await index.json()).models) keep.add(`${MODEL_CACHE_PREFIX}${m.name}-${m.sha256.slice(0, 16)}`);
    } catch {
      // no index: keep model caches rather than guess
      for (const name of await caches.keys()) if (name.startsWith(MODEL_CACHE_PREFIX)) keep.add(name);
    }
    for (const name of await caches.keys()) {
      if (name.startsWith('dxlens-') && !keep.has(name)) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('message', (event) => {
  if (event.data?.type === 'skip-waiting') self.skipWaiting();
  if (event.data?.type === 'version') event.ports[0]?.postMessage({ version: VERSION });
});

function withHeaders(response) {
  if (!response || response.type === 'opaque' || response.type === 'opaqueredirect' || response.status === 0) return response;
  const headers = new Headers(response.headers);
  headers.set('Cross-Origin-Opener-Policy', 'same-origin');
  headers.set('Cross-Origin-Embedder-Policy', 'require-corp');
  headers.set('Cross-Origin-Resource-Policy', 'same-origin');
  if (!headers.has('Content-Security-Policy')) headers.set('Content-Security-Policy', CSP);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

async function respond(request) {
  const url = new URL(request.url);
  if (request.mode === 'navigate' && url.pathname.startsWith(scope.pathname) && !url.pathname.startsWith(modelsPath)) {
    const shell = await caches.open(SHELL_CACHE);
    const page = (await shell.match(request, { ignoreSearch: true })) ?? (await shell.match(new URL('./', scope).href));
    return page ?? fetch(request);
  }
  if (url.pathname.startsWith(modelsPath) && url.href !== indexUrl) {
    // Model files: only what the worker verified and cached, else the network.
    return (await caches.match(request, { ignoreSearch: true })) ?? fetch(request);
  }
  const shell = await caches.open(SHELL_CACHE);
  return (await shell.match(request, { ignoreSearch: true })) ?? fetch(request);
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || new URL(request.url).origin !== scope.origin) return;
  if (request.headers.has('range')) return;
  event.respondWith(respond(request).then(withHeaders));
});
