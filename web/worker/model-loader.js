// Fetches a model's files (manifest, classifier weights, ONNX) once, shows
// download progress, checks the ONNX file's SHA-256 against the manifest and
// keeps the verified files in a Cache Storage cache named after the file's hash
// (so an app update that leaves a model alone does not download it again; the
// service worker serves these caches when offline and deletes unused ones).
// A download that is cut off, or a file whose hash does not match, is an error
// and leaves no cache behind: the cache is created only once the file verified,
// and a cached copy that fails the check is deleted with its cache.
// cachedModelState says whether a model is available offline: every file in its
// cache and the ONNX file's hash right (the page's picker, footer and "Make all
// models available offline" use it, through worker/ops.js).
// checkModelFiles is the same parse and SHA-256 check for files handed over
// instead of downloaded (a model the user added: worker/own-model-files.js).
// Runs in the worker (model-session.js, ops.js).

export const MODEL_CACHE_PREFIX = 'dxlens-model-';

export class ModelError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

export function modelCacheName(entry) {
  return `${MODEL_CACHE_PREFIX}${entry.name}-${entry.sha256.slice(0, 16)}`;
}

export async function sha256Hex(bytes) {
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

// The model's cache if it exists. caches.open() would create an empty one, so
// a model that never verified would still show up in caches.keys().
async function existingCache(name) {
  try {
    return typeof caches !== 'undefined' && (await caches.has(name)) ? await caches.open(name) : null;
  } catch {
    return null;  // e.g. storage disabled: work without a cache
  }
}

async function createCache(name) {
  try {
    return typeof caches === 'undefined' ? null : await caches.open(name);
  } catch {
    return null;
  }
}

async function fetchOk(url, signal) {
  let response;
  try {
    response = await fetch(url, { cache: 'no-cache', signal });
  } catch (e) {
    if (signal?.aborted) throw cancelled();
    throw new ModelError('network', `could not download ${url.pathname} (offline and not cached yet?): ${e.message}`);
  }
  if (!response.ok) throw new ModelError('network', `could not download ${url.pathname}: HTTP ${response.status}`);
  return response;
}

const cancelled = () => new ModelError('cancelled', 'the download was cancelled; the model was not cached');

function cutOff(url, loaded, total, why) {
  return new ModelError('network', `the download of ${url.pathname} was cut off after ${loaded} of ${total || '?'} bytes` +
    `${why ? ` (${why})` : ''}; the model was not used or cached`);
}

// Reads a response body, reporting (loaded, total) as bytes arrive. A body that
// ends early is an error: the stream fails (connection reset), or it ends
// cleanly but short of Content-Length (only comparable without a
// Content-Encoding, whose Content-Length counts compressed bytes).
async function readWithProgress(response, url, expectedBytes, onProgress, signal) {
  const encoded = (response.headers.get('Content-Encoding') ?? 'identity') !== 'identity';
  const declared = encoded ? 0 : Number(response.headers.get('Content-Length')) || 0;
  const total = declared || expectedBytes || 0;
  if (!response.body) {
    let buffer;
    try {
      buffer = new Uint8Array(await response.arrayBuffer());
    } catch (e) {
      throw cutOff(url, 0, total, e.message);
    }
    if (declared && buffer.byteLength < declared) throw cutOff(url, buffer.byteLength, declared);
    onProgress(buffer.byteLength, total || buffer.byteLength);
    return buffer;
  }
  const reader = response.body.getReader();
  const chunks = [];
  let loaded = 0;
  let lastReport = 0;
  onProgress(0, total);
  for (;;) {
    let next;
    try {
      next = await reader.read();
    } catch (e) {
      throw signal?.aborted ? cancelled() : cutOff(url, loaded, total, e.message);
    }
    const { done, value } = next;
    if (done) break;
    chunks.push(value);
    loaded += value.byteLength;
    const now = performance.now();
    if (now - lastReport > 50) {
      onProgress(loaded, total);
      lastReport = now;
    }
  }
  if (declared && loaded < declared) throw cutOff(url, loaded, declared);
  const bytes = new Uint8Array(loaded);
  let offset = 0;
  for (const c of chunks) {
    bytes.set(c, offset);
    offset += c.byteLength;
  }
  onProgress(loaded, Math.max(total, loaded));
  return bytes;
}

// The URLs of a model's files (null: the model has no such file).
function modelUrls(entry, baseUrl) {
  const dir = new URL(`models/${encodeURIComponent(entry.name)}/`, baseUrl);
  return {
    manifest: new URL('manifest.json', dir),
    classifier: entry.classifier ? new URL(entry.classifier, dir) : null,
    domain: entry.domain ? new URL(entry.domain, dir) : null,
    onnx: new URL(entry.file, dir),
  };
}

// The ONNX file's expected SHA-256: the core's parse of the manifest (openModel).
function expectedFile(entry, model) {
  const file = model.files[entry.variant];
  if (!file) throw new ModelError('manifest', `manifest of ${entry.name} lists no ${entry.variant} file`);
  return file;
}

// Checks the ONNX bytes against the manifest; a mismatch deletes the model's
// cache (cacheName; null when there is none).
async function verify(entry, file, onnx, cacheName) {
  const t0 = performance.now();
  const actual = await sha256Hex(onnx);
  const verifyMs = performance.now() - t0;
  if (actual !== file.sha256) {
    if (cacheName) await caches.delete(cacheName).catch(() => {});  // a damaged cached copy: download afresh next time
    throw new ModelError('integrity',
      `model file ${entry.file} of ${entry.name} failed its integrity check: SHA-256 ${actual.slice(0, 16)}… ` +
      `does not match the manifest's ${file.sha256.slice(0, 16)}…; it was not used or cached`);
  }
  return verifyMs;
}

// Files handed over rather than downloaded (a model the user added, from the
// files they chose or from this browser's storage: worker/own-model-store.js):
// the core's parse and the ONNX file's SHA-256 check, as for a download; nothing
// is fetched or cached. -> as loadModelFiles
export async function checkModelFiles(entry, { manifestText, classifierText = '', domainText = '', onnx }, openModel) {
  const model = openModel(manifestText, classifierText, domainText);
  const verifyMs = await verify(entry, expectedFile(entry, model), onnx, null);
  return { manifestText, classifierText, domainText, model, onnx, fromCache: false, cached: true, downloadMs: 0, verifyMs };
}

// entry: one model of models/index.json. openModel(manifestText, classifierText, domainText)
// parses them (the core does: the loader reads no manifest field) and returns
// the model's summary, whose `files` give each variant's path and SHA-256.
// signal: an AbortSignal that cancels the download (error code 'cancelled').
// Returns {manifestText, classifierText, domainText, model (openModel's), onnx (Uint8Array),
// fromCache, cached (all files are in the cache now: available offline), downloadMs, verifyMs}.
export async function loadModelFiles(entry, baseUrl, onProgress, openModel, { signal } = {}) {
  const urls = modelUrls(entry, baseUrl);
  const cacheName = modelCacheName(entry);
  const cache = await existingCache(cacheName);
  let complete = true;  // every file came from the cache
  const cached = async (url) => (cache && url ? cache.match(url) : undefined);
  const get = async (url) => {
    const hit = await cached(url);
    if (hit) return hit;
    complete = false;
    return fetchOk(url, signal);
  };
  const t0 = performance.now();

  const manifestText = await (await get(urls.manifest)).text();
  const text = async (url) => (url ? (await get(url)).text() : '');
  const classifierText = await text(urls.classifier);
  const domainText = await text(urls.domain);
  const model = openModel(manifestText, classifierText, domainText);
  const file = expectedFile(entry, model);

  const cachedOnnx = await cached(urls.onnx);
  const fromCache = Boolean(cachedOnnx);
  const onnx = fromCache
    ? new Uint8Array(await cachedOnnx.arrayBuffer())
    : await readWithProgress(await fetchOk(urls.onnx, signal), urls.onnx, entry.bytes, onProgress, signal);
  complete &&= fromCache;
  const downloadMs = performance.now() - t0;

  const verifyMs = await verify(entry, file, onnx, cache ? cacheName : null);
  // A cache that lacked a file (one deleted by hand, say) is written afresh, whole.
  const store = complete ? null : await createCache(cacheName);
  let stored = complete;
  if (store) {
    const put = (url, body, type) => store.put(url, new Response(body, { headers: { 'Content-Type': type } }));
    stored = await Promise.all([
      put(urls.manifest, manifestText, 'application/json'),
      urls.classifier ? put(urls.classifier, classifierText, 'application/json') : null,
      urls.domain ? put(urls.domain, domainText, 'application/json') : null,
      put(urls.onnx, onnx, 'application/octet-stream'),
    ]).then(() => true,
      () => caches.delete(cacheName).then(() => false, () => false));  // quota: still usable this time; all files cached or none
  }
  return { manifestText, classifierText, domainText, model, onnx, fromCache, cached: stored, downloadMs, verifyMs };
}

// Whether a model is available offline: its cache holds every file and the
// ONNX file's SHA-256 matches the manifest (parsed by openModel, as above).
// Downloads nothing. A copy that fails the hash check is deleted, as the load
// would. -> {name, available, bytes (the cached files' size), reason: null |
// 'absent' | 'incomplete' | 'integrity' | 'manifest' | 'unavailable'}
export async function cachedModelState(entry, baseUrl, openModel) {
  const out = (available, reason, bytes = 0) => ({ name: entry.name, available, reason, bytes });
  if (typeof caches === 'undefined') return out(false, 'unavailable');
  const cacheName = modelCacheName(entry);
  const cache = await existingCache(cacheName);
  if (!cache) return out(false, 'absent');
  const urls = modelUrls(entry, baseUrl);
  const bodies = {};
  for (const [key, url] of Object.entries(urls)) {
    if (!url) continue;
    const hit = await cache.match(url);
    if (!hit) return out(false, 'incomplete');
    bodies[key] = new Uint8Array(await hit.arrayBuffer());
  }
  const decode = (key) => (bodies[key] ? new TextDecoder().decode(bodies[key]) : '');
  try {
    const file = expectedFile(entry, openModel(decode('manifest'), decode('classifier'), decode('domain')));
    await verify(entry, file, bodies.onnx, cacheName);
  } catch (e) {
    if (e.code !== 'integrity') await caches.delete(cacheName).catch(() => {});  // a cached manifest the core refuses
    return out(false, e.code === 'integrity' ? 'integrity' : 'manifest');
  }
  return out(true, null, Object.values(bodies).reduce((sum, b) => sum + b.byteLength, 0));
}
