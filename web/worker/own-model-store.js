// The models a user added ("Add your own model": ui/own-model-form.js, ops.addModel),
// kept in this browser's IndexedDB and nowhere else: never uploaded, read back on
// every visit, offline included, until the user removes them.
// Why IndexedDB and not Cache Storage (where shipped models live): an added model
// has no URL (nothing fetches or serves it), its files are written and deleted in
// one transaction (all of them or none), and the service worker's activate step
// deletes every dxlens-* cache that models/index.json does not name.
// Two object stores, both keyed by the model's name: `entries` (its summary for
// the picker, as in models/index.json with own: true; small, read on every page
// load) and `files` (manifest, classifier and domain texts, the ONNX file as a
// Blob; read when the model loads).
// Runs in the worker (ops.js).
import { WorkerError } from './engine.js';

const DB_NAME = 'dxlens-own-models';
const DB_VERSION = 1;

const storageError = (why) => new WorkerError('storage', `your models cannot be stored in this browser (storage full or disabled?): ${why}`);

let opening = null;
function db() {
  opening ??= new Promise((resolve, reject) => {
    if (typeof indexedDB === 'undefined') {
      reject(storageError('IndexedDB is not available'));
      return;
    }
    const request = indexedDB.open(DB_NAME, DB_VERSION);
    request.onupgradeneeded = () => {
      request.result.createObjectStore('entries', { keyPath: 'name' });
      request.result.createObjectStore('files', { keyPath: 'name' });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(storageError(request.error?.message ?? 'the database did not open'));
  });
  opening.catch(() => { opening = null; });  // try again next time
  return opening;
}

const result = (request) => new Promise((resolve, reject) => {
  request.onsuccess = () => resolve(request.result);
  request.onerror = () => reject(storageError(request.error?.message ?? 'read failed'));
});

const committed = (tx) => new Promise((resolve, reject) => {
  tx.oncomplete = () => resolve();
  tx.onerror = () => reject(storageError(tx.error?.message ?? 'write failed'));
  tx.onabort = () => reject(storageError(tx.error?.message ?? 'write aborted'));
});

// Every added model's entry, oldest first.
export async function ownModelEntries() {
  const entries = await result((await db()).transaction('entries').objectStore('entries').getAll());
  return entries.sort((a, b) => String(a.addedAt).localeCompare(String(b.addedAt)));
}

// Stores a checked model: entry (its summary) and files {manifestText, classifierText, domainText, onnx (Uint8Array)}.
export async function storeOwnModel(entry, { manifestText, classifierText, domainText, onnx }) {
  const tx = (await db()).transaction(['entries', 'files'], 'readwrite');
  tx.objectStore('entries').put(entry);
  tx.objectStore('files').put({ name: entry.name, manifestText, classifierText, domainText, onnx: new Blob([onnx]) });
  await committed(tx);
}

// A stored model's files, as storeOwnModel took them.
export async function ownModelFiles(name) {
  const record = await result((await db()).transaction('files').objectStore('files').get(name));
  if (!record) throw new WorkerError('storage', `your model ${name} is no longer stored in this browser (site data cleared?); add it again`);
  return { manifestText: record.manifestText, classifierText: record.classifierText, domainText: record.domainText,
    onnx: new Uint8Array(await record.onnx.arrayBuffer()) };
}

export async function removeOwnModel(name) {
  const tx = (await db()).transaction(['entries', 'files'], 'readwrite');
  tx.objectStore('entries').delete(name);
  tx.objectStore('files').delete(name);
  await committed(tx);
}

// An added model is available offline while it is stored (its ONNX file's
// SHA-256 is checked each time it loads). -> as model-loader.js cachedModelState
export async function ownModelState(entry) {
  const stored = await result((await db()).transaction('entries').objectStore('entries').get(entry.name)).catch(() => null);
  return { name: entry.name, available: Boolean(stored), reason: stored ? null : 'absent', bytes: stored?.storedBytes ?? 0 };
}
