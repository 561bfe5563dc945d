// Wires the page together: status line, model picker, file intake, the queue
// of images sent to the worker, result cards, batch table, timings, errors,
// service worker. Exposes window.dxlens for tests and debugging.
import { simdSupported } from '../shared/features.js';
import { Announcer, batchEndText, batchStartText } from '../ui/announcer.js';
import { BatchTable } from '../ui/batch-table.js';
import { certaintyOf } from '../ui/certainty.js';
import { setupDropZone } from '../ui/drop-zone.js';
import { setupExamples } from '../ui/examples.js';
import { offerAnalyseAll } from '../ui/analyse-all.js';
import { addDicomPanel } from '../ui/dicom-panel.js';
import { ErrorList } from '../ui/errors.js';
import { AUTO, ModelPicker } from '../ui/model-picker.js';
import { OfflineModels, offlineOf } from '../ui/offline-all.js';
import { setupOwnModelForm } from '../ui/own-model-form.js';
import { useCoreRamp } from '../ui/colormap.js';
import { showModelRetry } from '../ui/model-retry.js';
import { ProgressBar } from '../ui/progress.js';
import { createErrorCard, createResultCard } from '../ui/result-card.js';
import { PrintMeta } from '../ui/print-meta.js';
import { routingNote } from '../ui/trust-notes.js';
import { networkStatus, StatusLine } from '../ui/status.js';
import { TimingPanel } from '../ui/timings.js';
import { TrustSettings } from '../ui/trust-settings.js';
import { showUpdateBanner } from '../ui/update-banner.js';
import { formatBytes, formatMs } from './dom.js';
import { registerServiceWorker } from './sw-register.js';
import { WorkerClient } from './worker-client.js';

const MAX_VIEWERS = 24;  // older cards drop their canvases (big batches would hold GBs of pixels)
const $ = (id) => document.getElementById(id);

const status = new StatusLine($('status'));
const errors = new ErrorList($('errors'));
const announcer = new Announcer($('announcer'), $('alerts'));
const modelProgress = new ProgressBar($('model-progress-wrap'));
const batchProgress = new ProgressBar($('batch-progress-wrap'));
const timings = new TimingPanel($('timings'), $('timing-history'));
const notice = $('research-notice').textContent.replace(/\s+/g, ' ').trim();
const table = new BatchTable($('batch-table'), { csvButton: $('export-csv'), jsonButton: $('export-json'), notice });
const results = $('results');
const printMeta = new PrintMeta($('print-meta'));  // the printed report's header line
const trustSettings = new TrustSettings($('trust-settings'), {
  parsePriors: (model, text) => client.call('parsePriors', { model, text }),
});
const client = new WorkerClient(new URL('../worker/worker.js', import.meta.url));

const state = { index: null, runtime: null, started: null, loaded: new Map(), modelPromise: null, modelName: null, queue: Promise.resolve(), busy: 0,
  downloads: [],
  // Batches: every batch not finished yet ({generation, cancelled}); Clear bumps
  // the generation, so a result of an older batch that arrives later is dropped.
  generation: 0, batches: new Set() };

// --- status line -----------------------------------------------------------
status.set('simd', simdSupported() ? 'yes' : 'no', simdSupported() ? 'ok' : 'warn');
status.set('isolated', self.crossOriginIsolated ? 'yes' : 'no', self.crossOriginIsolated ? 'ok' : 'warn');

async function refreshMemory() {
  if (performance.memory) status.set('js-heap', formatBytes(performance.memory.usedJSHeapSize));
  try {
    const m = await client.call('memory');
    status.set('wasm-heap', `${formatBytes(m.heapBytesInUse)} of ${formatBytes(m.wasmMemoryBytes)}`);
    return m;
  } catch {
    return null;
  }
}

// An error in the list; outside a batch it is also announced (a batch's errors
// are counted in its end announcement instead, so each is said once).
function reportError(message, options) {
  errors.add(message, options);
  if (!state.busy) announcer.alert(message);
}

function setState(text, kind = null) {
  status.set('state', text, kind);
  document.body.dataset.state = kind ?? '';
}

// --- models ----------------------------------------------------------------
const picker = new ModelPicker($('model-select'), $('model-card'), (model) => {
  if (model) selectModel(model.name).catch(() => {});
});

function selectModel(name) {
  if (name === AUTO) return selectAuto();
  const entry = state.index?.models.find((m) => m.name === name);
  if (!entry) return Promise.reject(new Error(`unknown model ${name}`));
  if (picker.select.value !== name) picker.select.value = name;
  localStorage.setItem('dxlens-model', name);
  state.modelName = name;
  recheckOffline();
  picker.showCard(entry, 'Loading…');
  const promise = loadModel(entry);
  state.modelPromise = promise;
  promise.then((info) => showTrust([info]), () => {});
  return promise;
}

// Auto with a router model (models/domain_router): only the router is loaded
// now; each image is routed by it (worker/route.js) and the model it goes to is
// loaded the first time (classifyOne). Without a router: every model with
// domain statistics is loaded (they are small), one after another; images go to
// the one they fit best. A model that fails to load is left out of the routing
// (its error is listed).
function selectAuto() {
  const auto = picker.auto;
  if (!auto) return Promise.reject(Object.assign(new Error('Auto needs two or more models with domain statistics'), { code: 'model' }));
  if (picker.select.value !== AUTO) picker.select.value = AUTO;
  localStorage.setItem('dxlens-model', AUTO);
  state.modelName = AUTO;
  recheckOffline();
  if (auto.router) {
    picker.showCard(auto, 'Loading the router…');
    const promise = loadModel(auto.router).then((info) => {
      if (state.modelName === AUTO) {
        picker.setState(`Router loaded (${formatBytes(auto.router.bytes)}); each image loads the model it is routed to the first time.`, 'loaded');
        showTrust(routedInfos());
      }
      return [info];
    }, (e) => {
      if (state.modelName === AUTO) picker.setState(`Could not load the router: ${e.message}`, 'error');
      throw e;
    });
    state.modelPromise = promise;
    return promise;
  }
  picker.showCard(auto, 'Loading the models…');
  const promise = (async () => {
    const infos = [];
    for (const entry of auto.models) infos.push(await loadModel(entry).catch(() => null));
    const loaded = infos.filter(Boolean);
    if (state.modelName !== AUTO) return loaded;
    if (loaded.length === 0) {
      picker.setState('No model could be loaded.', 'error');
      throw Object.assign(new Error('no model could be loaded'), { code: 'network' });
    }
    picker.setState(`Loaded ${loaded.length} of ${auto.models.length} models; each image goes to the one it fits best.`, 'loaded');
    showTrust(loaded);
    return loaded;
  })();
  state.modelPromise = promise;
  return promise;
}

function showTrust(infos) {
  picker.showTrust(infos);
  trustSettings.show(infos);
}

// Auto with a router: the routed-to models loaded so far (their trust settings).
function routedInfos() {
  return (picker.auto?.models ?? []).map((m) => state.loaded.get(m.name)).filter(Boolean);
}

// Auto with a router: which model takes the image (the router's ranking), loaded
// now if this is its first image. -> {model, routing}
async function routeImage(bytes, fileName) {
  const { ranking } = await client.call('route', { bytes, fileName });
  const entry = state.index.models.find((m) => m.name === ranking[0]?.model);
  if (!entry) throw Object.assign(new Error('the router named no model of this site'), { code: 'model' });
  if (!state.loaded.has(entry.name)) {
    await loadModel(entry);
    setState('Classifying…', 'busy');
    if (state.modelName === AUTO) showTrust(routedInfos());
  }
  return { model: entry.name, routing: ranking };
}

async function loadModel(entry) {
  if (state.loaded.has(entry.name)) {
    picker.setState(describeLoaded(state.loaded.get(entry.name)), 'loaded');
    return state.loaded.get(entry.name);
  }
  setState(`Loading ${entry.title}…`, 'busy');
  let downloading = false;
  try {
    const info = await client.call('loadModel', { entry }, {
      onProgress: (p) => {
        if (p.stage === 'download') {
          state.downloads.push({ model: entry.name, loaded: p.loaded, total: p.total });
          if (!downloading) modelProgress.show(`Downloading ${entry.title}…`);
          downloading = true;
          modelProgress.update(p.loaded, p.total,
            `Downloading ${entry.title}: ${formatBytes(p.loaded)} of ${formatBytes(p.total)}`);
        } else if (p.stage === 'session') {
          modelProgress.hide();
          picker.setState('Preparing the model…');
        }
      },
    });
    state.loaded.set(entry.name, info);
    offline.refresh([entry]);  // downloaded and cached (or a cache with a file missing made whole): available offline now
    if (state.modelName === entry.name) picker.setState(describeLoaded(info), 'loaded');
    status.set('threads', String(info.threads), info.threads > 1 ? 'ok' : 'warn');
    setState('Ready', 'ready');
    refreshMemory();
    return info;
  } catch (e) {
    if (state.modelName === entry.name) {
      picker.setState(`Could not load: ${e.message}`, 'error');
      showModelRetry($('model-card'), { model: entry.name, title: entry.title, onRetry: () => selectModel(entry.name).catch(() => {}) });
    }
    // The model card (a live region) says it when it shows this model; else it is announced here.
    if (state.modelName === entry.name) errors.add(`Model ${entry.title}: ${e.message}`, { code: e.code });
    else reportError(`Model ${entry.title}: ${e.message}`, { code: e.code });
    setState('Model failed to load', 'error');
    throw e;
  } finally {
    modelProgress.hide();
  }
}

function describeLoaded(info) {
  const source = info.own ? 'from this browser\'s storage' : info.fromCache ? 'from the offline cache' : `downloaded in ${formatMs(info.downloadMs)}`;
  return `Loaded (${info.variant}, ${source}; SHA-256 verified; session ready in ${formatMs(info.sessionMs)}).`;
}

// --- offline ---------------------------------------------------------------
// Which models are available offline (picker, footer) and "Make all models
// available offline" (ui/offline-all.js; the worker reads the caches and downloads).
const offline = new OfflineModels($('offline-all'), {
  announcer,
  models: () => state.index?.models ?? [],
  check: (entries) => client.call('offlineStatus', { entries }),
  cacheModel: (entry, job, onProgress) => client.call('cacheModel', { entry, job }, { onProgress }),
  cancel: (job) => client.call('cancelCaching', { job }),
  onChange: () => showOffline(),
});
// The app shell saved by the service worker (page/sw-register.js onState; ui/status.js networkStatus).
let shell = !('serviceWorker' in navigator) ? 'none' : navigator.serviceWorker.controller ? 'cached' : 'pending';

function showOffline() {
  picker.markOffline(offline.states);
  const chosen = picker.current();
  const loaded = Boolean(chosen && state.loaded.has(chosen.name));
  const { text, state: kind, data } = networkStatus({ online: navigator.onLine, shell, chosen: offlineOf(chosen, offline.states), loaded });
  status.set('offline', text, kind, data);
}
showOffline();

// On a model change: the chosen model's files, read again (someone may have cleared them).
function recheckOffline() {
  showOffline();
  const chosen = picker.current();
  if (chosen) offline.refresh(chosen.models ? [...(chosen.router ? [chosen.router] : []), ...chosen.models] : [chosen]);
}

for (const event of ['online', 'offline']) {
  addEventListener(event, () => {
    offline.setOnline(navigator.onLine);
    showOffline();
    offline.refresh();
  });
}

// --- your own models ---------------------------------------------------------
// "Add your own model" (ui/own-model-form.js): the worker checks the files as it
// checks a shipped model and stores the model in this browser (worker/ops.js
// addModel); it is then listed after the shipped models and chosen. A name that
// a shipped or another added model has is refused (the worker says which).
// "Remove this model" (its summary, ui/own-model-summary.js) deletes it.
async function addOwnModel(files) {
  await ready;
  const shipped = [AUTO, ...state.index.models.filter((m) => !m.own).flatMap((m) => [m.name, m.id])];
  const { entry } = await client.call('addModel', { files, shipped });
  state.index.models.push(entry);
  picker.setModels(state.index.models, state.modelName);
  offline.refresh([entry]);
  await selectModel(entry.name).catch(() => {});
  return entry;
}

picker.onRemove = async (entry) => {
  try {
    await client.call('removeModel', { name: entry.name });
  } catch (e) {
    picker.setState(`Could not remove ${entry.title}: ${e.message}`, 'error');
    reportError(`Could not remove ${entry.title}: ${e.message}`, { code: e.code });
    return;
  }
  const at = state.index.models.findIndex((m) => m.name === entry.name);
  if (at >= 0) state.index.models.splice(at, 1);
  state.loaded.delete(entry.name);
  offline.states.delete(entry.name);
  const chosen = state.modelName === entry.name;
  if (localStorage.getItem('dxlens-model') === entry.name) localStorage.removeItem('dxlens-model');
  picker.setModels(state.index.models, chosen ? null : state.modelName);
  $('model-select').focus();  // the removed summary held the focus
  announcer.say(`${entry.title} was removed from this browser.`);
  const next = picker.current();
  if (chosen && next) await selectModel(next.name).catch(() => {});
};

setupOwnModelForm({ root: $('own-model'), announcer, add: addOwnModel });

// --- classification --------------------------------------------------------
async function toBytes(item) {
  if (item instanceof Blob) return item.arrayBuffer();
  const b = item.bytes ?? item.data;
  if (b instanceof ArrayBuffer) return b.slice(0);
  if (ArrayBuffer.isView(b)) return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
  if (Array.isArray(b)) return new Uint8Array(b).buffer;
  if (typeof b === 'string') return Uint8Array.from(atob(b), (c) => c.charCodeAt(0)).buffer;  // base64
  throw new Error('unsupported input');
}

// A stale batch: one started before the last Clear (its results are dropped).
const isStale = (batch) => batch.generation !== state.generation;

async function classifyOne(item, modelName, batch) {
  const fileName = item.name || 'image';
  const size = item.size ?? item.bytes?.byteLength ?? item.bytes?.length ?? 0;
  const model = state.index.models.find((m) => m.name === modelName);
  const base = { file: fileName, model: modelName, variant: model?.variant, modelVersion: model?.version, modelSha256: model?.sha256 };
  try {
    // The core's file size limit (the worker reports it at init), checked before the file is read.
    const { maxFileBytes } = (await state.started).limits;
    if (size > maxFileBytes) {
      throw Object.assign(new Error(`${fileName} is too large (${formatBytes(size)}; the limit is ${formatBytes(maxFileBytes)})`), { code: 'too_large' });
    }
    // A model that did not load (damaged or cut-off download) never runs: the image is refused.
    await Promise.resolve(state.modelPromise).catch((e) => {
      throw Object.assign(new Error(`${fileName} was not classified: model ${modelName} did not load (${e.message})`), { code: e.code });
    });
    const bytes = await toBytes(item);
    // Auto with a router: the router sees a copy (structured clone), the chosen model the original.
    const { model: target, routing } = modelName === AUTO && picker.auto?.router
      ? await routeImage(bytes, fileName) : { model: modelName, routing: null };
    const result = await client.call('classify',
      { model: target, fileName, bytes, previewSide: previewSide(), settings: trustSettings.settings(), routing, allPatches: batch.allPatches, dicom: batch.dicom },
      { transfer: [bytes] });
    const drawn = [result.preview?.data.buffer, result.tissue?.data.buffer].filter(Boolean);
    if (isStale(batch)) {
      client.call('recycle', { buffers: drawn }, { transfer: drawn }).catch(() => {});
      return null;
    }
    const used = state.index.models.find((m) => m.name === result.model);
    const card = createResultCard(result, { modelEval: used?.eval, model: used, notice });
    // The preview and tissue mask are on their canvases now: their buffers go
    // back to the worker for the next image (worker/buffer-pool.js).
    client.call('recycle', { buffers: drawn }, { transfer: drawn }).catch(() => {});
    results.prepend(card);
    offerAnalyseAll(card, result, () => classifyFiles([item], { model: modelName, allPatches: true }));
    addDicomPanel(card, result, (dicom) => classifyFiles([item], { model: modelName, dicom }));
    if (result.hintId) addBetterModelHint(card, result);
    collapseOldCards();
    timings.show(result.timings, fileName);
    const record = { ...base, model: result.model, variant: result.variant, modelVersion: used?.version, modelSha256: used?.sha256, status: 'ok', top: result.top, probs: result.probs,
      labels: result.labels, routed: modelName === AUTO ? 'auto' : 'manual', domain: result.domain, screening: result.screening,
      timings: result.timings, patches: result.patches?.length ?? null, scale: result.scale, certainty: certaintyOf(result), dicom: result.dicom };
    table.add(record);
    printMeta.stamp(table.records.length);
    return record;
  } catch (e) {
    if (isStale(batch)) return null;
    const message = e.message ?? String(e);
    results.prepend(createErrorCard(fileName, { message, code: e.code }, { notice }));
    errors.add(message, { code: e.code ?? 'error', file: fileName });
    const record = { ...base, status: 'error', error: message, code: e.code ?? 'error' };
    table.add(record);
    printMeta.stamp(table.records.length);
    return record;
  } finally {
    if (!isStale(batch)) $('clear-results').disabled = false;
  }
}

// An out-of-domain result of a hand-picked model: ask the worker, after the
// card is shown, whether another model fits the image better (ops.suggest).
function addBetterModelHint(card, result) {
  client.call('suggest', { hintId: result.hintId }).then(({ ranking }) => {
    const note = routingNote({ ...result, routing: { auto: false, ranking } });
    if (note) card.querySelector('.verdict')?.prepend(note);
  }).catch(() => {});
}

// The longest side, in device pixels, a result card draws its image at: the
// worker makes the preview that size, so the page never scales a full image.
function previewSide() {
  const wide = matchMedia('(min-width: 760px)').matches;  // styles.css: image column is ~half the card
  const css = results.clientWidth * (wide ? 0.55 : 1);
  return Math.max(256, Math.min(2048, Math.ceil(css * (devicePixelRatio || 1))));
}

function collapseOldCards() {
  const open = results.querySelectorAll('.result-card[data-status="ok"]:not([data-collapsed])');
  for (const card of [...open].slice(MAX_VIEWERS)) {
    card.dataset.collapsed = 'true';
    card.overlayView?.release();  // the bar buttons still reference the view: drop its pixels
    card.querySelector('.viewer-wrap')?.replaceChildren(
      Object.assign(document.createElement('p'), { className: 'hint', textContent: 'Image released to save memory; results stay in the table.' }));
    card.overlayView = null;
  }
}

// Images are classified one after another, in order, whatever the source. The
// worker takes one image per request, so a batch stops by not sending the next:
// Cancel lets the image being classified finish (its row stays) and starts no
// other; Clear also drops that image's result (the batch's generation is old).
// options: {model} (default: the chosen one), {allPatches} (ui/analyse-all.js),
// {dicom: {frame, window}} (ui/dicom-panel.js).
function classifyFiles(items, { model = state.modelName, allPatches = false, dicom = null } = {}) {
  const list = [...items];
  const modelName = model;
  const batch = { generation: state.generation, cancelled: false, allPatches, dicom };
  state.batches.add(batch);
  const run = async () => {
    if (!modelName) {
      state.batches.delete(batch);
      reportError('Choose a model first.', { code: 'model' });
      return [];
    }
    if (batch.cancelled || isStale(batch)) {  // cancelled or cleared while it waited for the one before
      state.batches.delete(batch);
      return [];
    }
    state.busy++;
    $('batch-note').hidden = true;
    $('cancel-batch').hidden = false;
    $('clear-results').disabled = false;
    batchProgress.show(`Classifying ${list.length} image${list.length === 1 ? '' : 's'}…`);
    batchProgress.update(0, list.length);
    announcer.say(batchStartText(list.length));
    setState('Classifying…', 'busy');
    const records = [];
    for (let i = 0; i < list.length && !batch.cancelled && !isStale(batch); i++) {
      batchProgress.update(i, list.length, `Classifying ${i + 1} of ${list.length}: ${list[i].name ?? 'image'}`);
      const record = await classifyOne(list[i], modelName, batch);
      if (record) records.push(record);
    }
    state.batches.delete(batch);
    state.busy--;
    if (!isStale(batch)) {
      if (records.length < list.length) {
        const note = `Batch cancelled after ${records.length} of ${list.length} image${list.length === 1 ? '' : 's'}.`;
        $('batch-note').textContent = note;
        $('batch-note').hidden = false;
        batchProgress.update(records.length, list.length, note);
        announcer.say(note);
      } else {
        batchProgress.update(list.length, list.length, `Done: ${list.length} image${list.length === 1 ? '' : 's'}`);
        announcer.say(batchEndText(records));
        // One image: its card (newest first) takes the focus, so it is read out and in view.
        if (list.length === 1) results.firstElementChild?.focus();
      }
    }
    if (!state.busy) {
      batchProgress.hide();
      $('cancel-batch').hidden = true;
      setState('Ready', 'ready');
    }
    await refreshMemory();
    return records;
  };
  const next = state.queue.then(run, run);
  state.queue = next.catch(() => {});
  return next;
}

// Cancel: the running batch and those waiting behind it stop (see classifyFiles).
function cancelBatches() {
  for (const batch of state.batches) batch.cancelled = true;
}

setupDropZone({ area: $('drop-area'), zone: $('drop-zone'), input: $('file-input'), onFiles: (files) => classifyFiles(files) });

$('cancel-batch').addEventListener('click', () => {
  cancelBatches();
  $('cancel-batch').hidden = true;
  $('drop-zone').focus();  // the hidden Cancel button would drop the focus to <body>
});

// Clear: stops every batch (a late result of one is dropped) and empties every panel.
$('clear-results').addEventListener('click', () => {
  cancelBatches();
  state.generation++;
  results.replaceChildren();
  table.clear();
  errors.clear();
  timings.clear();
  batchProgress.hide();
  $('cancel-batch').hidden = true;
  $('batch-note').hidden = true;
  $('batch-note').textContent = '';
  $('clear-results').disabled = true;
  printMeta.clear();
  $('drop-zone').focus();  // the disabled Clear button would drop the focus to <body>
});

// --- start -----------------------------------------------------------------
async function start() {
  setState('Starting the engine…', 'busy');
  state.started = client.call('init', {});
  const runtime = await state.started;
  state.runtime = runtime;
  useCoreRamp(runtime.colormapRamp);
  status.set('core-version', runtime.coreVersion);
  status.set('ort-version', runtime.ortVersion);
  status.set('threads', String(runtime.threads), runtime.threads > 1 ? 'ok' : 'warn');
  const response = await fetch('models/index.json', { cache: 'no-cache' });
  if (!response.ok) throw new Error(`models/index.json: HTTP ${response.status}`);
  state.index = await response.json();
  // The user's own models, stored in this browser (worker/own-model-store.js), after the shipped ones;
  // one whose name the page now ships itself is not listed.
  const shippedNames = new Set(state.index.models.flatMap((m) => [m.name, m.id]));
  const own = await client.call('ownModels').catch(() => []);
  state.index.models.push(...own.filter((m) => !shippedNames.has(m.name)));
  const saved = localStorage.getItem('dxlens-model');
  picker.setModels(state.index.models, saved);
  offline.refresh();
  refreshMemory();
  // Offered at once: an example waits for its model like any image.
  setupExamples({ container: $('examples'), models: state.index.models, selectModel, currentModel: () => state.modelName,
    classify: classifyFiles, onError: (message) => reportError(message, { code: 'example' }) });
  const first = picker.current();
  if (first) await selectModel(first.name).catch(() => {});
  else setState('No models', 'error');
}

const ready = start().catch((e) => {
  setState('Failed to start', 'error');
  reportError(`dxlens could not start: ${e.message}`, { code: e.code ?? 'startup' });
  throw e;
});
ready.catch(() => {});

registerServiceWorker({
  onUpdateReady: (apply) => showUpdateBanner($('update-banner'), apply),
  onState: (s) => {
    shell = s === 'ready' ? 'cached' : s.startsWith('installed') ? 'installed' : 'none';
    showOffline();
  },
});
setInterval(refreshMemory, 5000);

window.dxlens = {
  ready,
  get version() { return state.index?.version ?? null; },
  get runtime() { return state.runtime; },
  models: () => state.index?.models ?? [],
  currentModel: () => state.modelName,
  selectModel,
  classifyFiles,   // File/Blob list, or [{name, bytes: ArrayBuffer|Uint8Array|number[]|base64 string}]
  results: () => table.records,
  cancel: cancelBatches,
  exportCsv: () => table.toCsv(),
  exportJson: () => table.toJson(),
  memory: async () => ({ jsHeapBytes: performance.memory?.usedJSHeapSize ?? null, wasm: await refreshMemory() }),
  idle: () => state.queue,
  downloads: () => state.downloads,  // model download progress events: [{model, loaded, total}]
  // Offline copies: status() re-reads the caches (-> {name: {available, bytes, reason}}),
  // makeAll() is the button (-> its figures), lastRun() the last run's figures.
  offline: {
    status: async () => Object.fromEntries(await offline.refresh()),
    makeAll: () => offline.makeAll(),
    lastRun: () => offline.lastRun,
  },
  previewSide,  // what classify asks the worker for (tools/bench/browser_bench.mjs times the same)
};
