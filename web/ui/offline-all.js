// Which models are available offline, and "Make all models available offline"
// (index.html #offline-all).
// A model is available offline when its cache holds every file and the ONNX
// file's SHA-256 matches the manifest (worker/model-loader.js cachedModelState,
// through the worker's offlineStatus; reading the caches downloads nothing).
// "Make all" downloads each model of models/index.json that is not, one after
// another, through the worker's cacheModel: the loader's own download, SHA-256
// check and cache, without an ONNX Runtime session (nothing stays in memory). It
// runs beside classification (the worker serves both), can be cancelled, lists
// each model that failed and goes on with the others, and is announced once at
// its start and once at its end (ui/announcer.js).
import { formatBytes, h } from '../page/dom.js';
import { ProgressBar } from './progress.js';

const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;

// How much of a picker entry is available offline: one model, or Auto (an entry
// with `models`: its router, when it has one, and the models it routes to).
// states: name -> {available}. -> {available: 'yes'|'no'|'partial'|'unknown', count, total, auto}
export function offlineOf(entry, states) {
  if (!entry) return { available: 'unknown', count: 0, total: 0, auto: false };
  if (!Array.isArray(entry.models)) {
    const s = states.get(entry.name);
    return { available: s ? (s.available ? 'yes' : 'no') : 'unknown', count: s?.available ? 1 : 0, total: 1, auto: false };
  }
  const total = entry.models.length;
  const needed = [...(entry.router ? [entry.router] : []), ...entry.models];
  if (needed.some((m) => !states.has(m.name))) return { available: 'unknown', count: 0, total, auto: true };
  const count = entry.models.filter((m) => states.get(m.name).available).length;
  const routerOk = !entry.router || states.get(entry.router.name).available;
  const available = !routerOk || count === 0 ? 'no' : count === total ? 'yes' : 'partial';
  return { available, count: routerOk ? count : 0, total, auto: true };
}

export class OfflineModels {
  // root: #offline-all. models(): the entries of models/index.json.
  // check(entries) -> [{name, available, bytes, reason}] (worker offlineStatus);
  // cacheModel(entry, job, onProgress) (worker cacheModel); cancel(job) (worker cancelCaching);
  // onChange(): the states changed (picker, footer).
  constructor(root, { announcer, models, check, cacheModel, cancel, onChange }) {
    this.root = root;
    this.announcer = announcer;
    this.models = models;
    this.check = check;
    this.cacheModel = cacheModel;
    this.cancelJob = cancel;
    this.onChange = onChange;
    this.states = new Map();  // name -> {available, bytes, reason}
    this.setBy = new Map();   // name -> the number of the check that set its state
    this.checks = 0;
    this.online = navigator.onLine;
    this.run = null;          // the run in progress: {job, cancelled}
    this.lastRun = null;      // the last run's figures (window.dxlens.offline)
    this.shownRun = null;     // the counts of the run whose summary is shown
    this.jobs = 0;
    this.button = root.querySelector('#offline-all-start');
    this.cancelButton = root.querySelector('#offline-all-cancel');
    this.summary = root.querySelector('#offline-all-summary');
    this.errors = root.querySelector('#offline-all-errors');
    this.progress = new ProgressBar(root.querySelector('#offline-all-progress-wrap'));
    this.button.addEventListener('click', () => this.makeAll());
    this.cancelButton.addEventListener('click', () => this.cancel());
    // Without Cache Storage (storage disabled) nothing can be kept offline.
    root.hidden = typeof caches === 'undefined';
    this.#showIdle();
  }

  // Re-reads which of `entries` are available offline. A check that started
  // earlier never overwrites the answer of one that started later.
  async refresh(entries = this.models()) {
    if (!entries.length) return this.states;
    const id = ++this.checks;
    let results;
    try {
      results = await this.check(entries);
    } catch {
      return this.states;  // the worker is not started (yet); the next check will say
    }
    for (const r of results) {
      if ((this.setBy.get(r.name) ?? 0) > id) continue;
      this.states.set(r.name, r);
      this.setBy.set(r.name, id);
    }
    if (!this.run) this.#showIdle();
    this.onChange();
    return this.states;
  }

  setOnline(online) {
    if (online !== this.online) this.shownRun = null;  // the idle line says what to do offline
    this.online = online;
    this.button.disabled = Boolean(this.run) || !online;
    if (!this.run) this.#showIdle();
  }

  #counts() {
    const models = this.models();
    const available = models.filter((m) => this.states.get(m.name)?.available);
    return { available: available.length, total: models.length,
      bytes: available.reduce((sum, m) => sum + (this.states.get(m.name).bytes ?? 0), 0) };
  }

  #summaryText({ available, total, bytes }) {
    return `${available} of ${plural(total, 'model')} available offline, ${formatBytes(bytes)}`;
  }

  // Between runs: the count, and what to do while offline. A run's summary
  // stays until the count changes.
  #showIdle() {
    this.button.disabled = Boolean(this.run) || !this.online;
    const counts = this.#counts();
    if (this.shownRun && this.shownRun.available === counts.available && this.shownRun.total === counts.total) return;
    this.shownRun = null;
    if (!counts.total) {
      this.summary.textContent = '';
      return;
    }
    const known = this.models().every((m) => this.states.has(m.name));
    this.summary.textContent = !known ? 'Checking which models are available offline…'
      : `${this.#summaryText(counts)}.${!this.online && counts.available < counts.total ? ' Connect to the internet to download the others.' : ''}`;
    this.#mark('idle', counts);
  }

  #mark(state, counts) {
    this.root.dataset.state = state;
    Object.assign(this.summary.dataset, { available: counts.available, total: counts.total, bytes: counts.bytes });
  }

  // Downloads every model not available offline yet. -> the run's figures
  async makeAll() {
    if (this.run || !this.online) return null;
    const run = { job: ++this.jobs, cancelled: false };
    this.run = run;
    const hadFocus = document.activeElement === this.button;
    this.button.disabled = true;
    this.cancelButton.hidden = false;
    if (hadFocus) this.cancelButton.focus();  // the disabled button would drop the focus to <body>
    this.errors.replaceChildren();
    this.shownRun = null;
    this.root.dataset.state = 'running';
    this.summary.textContent = 'Checking which models are available offline…';
    const t0 = performance.now();
    await this.refresh();  // fresh: a damaged cached copy is deleted here, and downloaded again below
    const todo = run.cancelled ? [] : this.models().filter((m) => !this.states.get(m.name)?.available);
    const failed = [];
    let done = 0;
    let downloaded = 0;
    this.progress.show(`Making ${plural(todo.length, 'model')} available offline…`);
    this.progress.update(0, Math.max(1, todo.length));
    this.announcer.say(`Making ${plural(todo.length, 'model')} available offline…`);
    for (let i = 0; i < todo.length && !run.cancelled; i++) {
      const entry = todo[i];
      const label = (fraction) => `Model ${i + 1} of ${todo.length}: ${entry.title}, ${Math.floor(fraction * 100)} %`;
      this.progress.update(i, todo.length, label(0));
      try {
        const r = await this.cacheModel(entry, run.job, (p) => {
          const fraction = p.total > 0 ? Math.min(1, p.loaded / p.total) : 0;
          this.progress.update(i + fraction, todo.length, label(fraction));
        });
        if (!r.fromCache) downloaded += r.bytes;
        done++;
      } catch (e) {
        if (e.code === 'cancelled') break;
        failed.push(entry.name);
        this.errors.append(h('li', { class: 'error', dataset: { model: entry.name, code: e.code ?? 'error' } },
          h('span', { class: 'error-message' }, `${entry.title}: ${e.message}`)));
      }
      this.refresh([entry]);  // the picker marks it at once
    }
    await this.refresh();
    const counts = this.#counts();
    this.lastRun = { attempted: todo.length, cached: done, failed, cancelled: run.cancelled, downloadedBytes: downloaded,
      ms: performance.now() - t0, ...counts };
    const text = `${run.cancelled ? 'Cancelled. ' : ''}${this.#summaryText(counts)}` +
      `${failed.length ? `; ${plural(failed.length, 'model')} could not be downloaded (listed below)` : ''}.`;
    this.summary.textContent = text;
    this.shownRun = counts;
    this.#mark(run.cancelled ? 'cancelled' : 'done', counts);
    this.progress.hide();
    const focusHere = document.activeElement === this.cancelButton || document.activeElement === document.body;
    this.cancelButton.hidden = true;
    this.run = null;
    this.button.disabled = !this.online;
    if (focusHere && !this.button.disabled) this.button.focus();
    this.announcer.say(text);
    return this.lastRun;
  }

  cancel() {
    if (!this.run) return;
    this.run.cancelled = true;
    this.cancelJob(this.run.job)?.catch?.(() => {});
  }
}
