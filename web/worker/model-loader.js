// Fetches a model's files (manifest, classifier weights, ONNX) once, shows
// download progress, checks the ONNX file's SHA-256 against the manifest and
// keeps the verified files in a Cache Storage cache named after the file's hash
// (so an app update that leaves a model alone does not download it again; the
// service worker serves these caches when offline and deletes unused ones).
// A download that is cut off, or a file whose hash does not match, is an error
// and leaves no cache behind: the cache is created only once the file verified,
// and a cached copy that fails the check is deleted with its cache.
// Runs in the worker (model-session.js).

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

async function fetchOk(url) {
  let response;
  try {
    response = await fetch(url, { cache: 'no-cache' });
  } catch (e) {
    throw new ModelError('network', `could not download ${url.pathname} (offline and not cached yet?): ${e.message}`);
  }
  if (!response.ok) throw new ModelError('network', `could not download ${url.pathname}: HTTP ${response.status}`);
  return response;
}

function cutOff(url, loaded, total, why) {
  return new ModelError('network', `the download of ${url.pathname} was cut off after ${loaded} of ${total || '?'} bytes` +
    `${why ? ` (${why})` : ''}; the model was not used or cached`);
}

// Reads a response body, reporting (loaded, total) as bytes arrive. A body that
// ends early is an error: the stream fails (connection reset), or it ends
// cleanly but short of Content-Length (only comparable without a
// Content-Encoding, whose Content-Length counts compressed bytes).
async function readWithProgress(response, url, expectedBytes, onProgress) {
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
      throw cutOff(url, loaded, total, e.message);
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

// entry: one model of models/index.json. openModel(manifestText, classifierText, domainText)
// parses them (the core does: the loader reads no manifest field) and returns
// the model's summary, whose `files` give each variant's path and SHA-256.
// Returns {manifestText, classifierText, domainText, model (openModel's), onnx (Uint8Array),
// fromCache, downloadMs, verifyMs}.
export async function loadModelFiles(entry, baseUrl, onProgress, openModel) {
  const dir = new URL(`models/${encodeURIComponent(entry.name)}/`, baseUrl);
  const urls = {
    manifest: new URL('manifest.json', dir),
    classifier: entry.classifier ? new URL(entry.classifier, dir) : null,
    domain: entry.domain ? new URL(entry.domain, dir) : null,
    onnx: new URL(entry.file, dir),
  };
  const cacheName = modelCacheName(entry);
  const cache = await existingCache(cacheName);
  const cached = async (url) => (cache && url ? cache.match(url) : undefined);
  const t0 = performance.now();

  const manifestText = await ((await cached(urls.manifest)) ?? (await fetchOk(urls.manifest))).text();
  const text = async (url) => (url ? ((await cached(url)) ?? (await fetchOk(url))).text() : '');
  const classifierText = await text(urls.classifier);
  const domainText = await text(urls.domain);
  const model = openModel(manifestText, classifierText, domainText);
  const file = model.files[entry.variant];
  if (!file) throw new ModelError('manifest', `manifest of ${entry.name} lists no ${entry.variant} file`);

  const cachedOnnx = await cached(urls.onnx);
  const fromCache = Boolean(cachedOnnx);
  const onnx = fromCache
    ? new Uint8Array(await cachedOnnx.arrayBuffer())
    : await readWithProgress(await fetchOk(urls.onnx), urls.onnx, entry.bytes, onProgress);
  const downloadMs = performance.now() - t0;

  const t1 = performance.now();
  const actual = await sha256Hex(onnx);
  const verifyMs = performance.now() - t1;
  if (actual !== file.sha256) {
    if (cache) await caches.delete(cacheName).catch(() => {});  // a damaged cached copy: download afresh next time
    throw new ModelError('integrity',
      `model file ${entry.file} of ${entry.name} failed its integrity check: SHA-256 ${actual.slice(0, 16)}… ` +
      `does not match the manifest's ${file.sha256.slice(0, 16)}…; it was not used or cached`);
  }
  const store = fromCache ? null : await createCache(cacheName);
  if (store) {
    const put = (url, body, type) => store.put(url, new Response(body, { headers: { 'Content-Type': type } }));
    await Promise.all([
      put(urls.manifest, manifestText, 'application/json'),
      urls.classifier ? put(urls.classifier, classifierText, 'application/json') : null,
      urls.domain ? put(urls.domain, domainText, 'application/json') : null,
      put(urls.onnx, onnx, 'application/octet-stream'),
    ]).catch(() => caches.delete(cacheName).catch(() => {}));  // quota: still usable this time; all files cached or none
  }
  return { manifestText, classifierText, domainText, model, onnx, fromCache, downloadMs, verifyMs };
}
