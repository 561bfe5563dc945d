// Every image of the session as a table row (<tr data-file data-status
// data-top-label data-top-prob data-in-domain>; the cells name classes by their
// display labels, data-top-label is the model's label), exported as CSV or JSON
// (with the in-domain check, the screening side, for patch models the scale the
// patches were cut at, the certainty word of ui/certainty.js and, last, the
// model version and the SHA-256 of the model file used, the export time and the
// research notice). Columns sort by their header buttons (aria-sort on the th).
import { download, formatPct, h } from '../page/dom.js';

// The name people read for a class entry ({label, displayLabel}: the core's top/screening entries).
const shownName = (entry) => entry?.displayLabel ?? entry?.label;

function csvCell(value) {
  const s = value === null || value === undefined ? '' : String(value);
  return /[",\n\r]/.test(s) || /^[=+\-@\t]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

// A file name that may break after its separators (_ - . / space) only, never mid-word.
function breakableName(name) {
  const parts = String(name).split(/(?<=[_\-.\/ ])/);
  return parts.flatMap((part, i) => (i < parts.length - 1 ? [part, h('wbr')] : [part]));
}

// 2026-11-29T14:00:00.000Z -> 20261129-140000 (UTC), for the download's name.
export function fileStamp(date) {
  return date.toISOString().replace(/\.\d+Z$/, '').replace(/[-:]/g, '').replace('T', '-');
}

// The sort key of each column (its header button's data-sort): a number, or text; null sorts last.
const SORT_KEYS = {
  index: { type: 'number', get: (r) => r.index },
  file: { type: 'text', get: (r) => r.file },
  model: { type: 'text', get: (r) => r.model },
  top: { type: 'text', get: (r) => shownName(r.top?.[0]) },
  prob: { type: 'number', get: (r) => r.top?.[0]?.prob },
  domain: { type: 'number', get: (r) => r.domain?.score },
  screening: { type: 'text', get: (r) => (r.screening ? `${shownName(r.screening)} ${r.screening.above ? 'above' : 'below'}` : null) },
  time: { type: 'number', get: (r) => r.timings?.total },
  status: { type: 'text', get: (r) => (r.status === 'ok' ? 'ok' : r.error) },
};

export class BatchTable {
  // notice: the page's research notice (goes into every export).
  constructor(table, { csvButton, jsonButton, notice = 'Research use only; not for clinical diagnosis.' }) {
    this.table = table;
    this.body = table.tBodies[0];
    this.records = [];
    this.rows = new Map();  // record -> <tr>
    this.sort = { key: 'index', dir: 'ascending' };
    this.notice = notice;
    this.csvButton = csvButton;
    this.jsonButton = jsonButton;
    csvButton.addEventListener('click', () => {
      const now = new Date();
      download(`dxlens-results-${fileStamp(now)}.csv`, 'text/csv', this.toCsv(now));
    });
    jsonButton.addEventListener('click', () => {
      const now = new Date();
      download(`dxlens-results-${fileStamp(now)}.json`, 'application/json', this.toJson(now));
    });
    for (const button of table.querySelectorAll('thead button[data-sort]')) {
      button.addEventListener('click', () => {
        const key = button.dataset.sort;
        const dir = this.sort.key === key && this.sort.dir === 'ascending' ? 'descending' : 'ascending';
        this.sortBy(key, dir);
      });
    }
    this.#showSort();
  }

  // record: {file, model, variant, modelVersion, modelSha256, status: 'ok'|'error', top, probs, labels, timings, error,
  //          routed: 'auto'|'manual', domain: {inDomain, score, threshold}, screening: {label, probability, threshold, above},
  //          scale: {source, fieldOfView} (patch models), certainty: 'uncertain'|'likely'|'very likely'|null}
  add(record) {
    const r = { index: this.records.length + 1, ...record };
    this.records.push(r);
    const top = r.top?.[0];
    const row = h('tr', { dataset: { file: r.file, status: r.status, topLabel: top?.label ?? '', topProb: top ? String(top.prob) : '',
      inDomain: r.domain ? String(r.domain.inDomain) : '' } },
      h('td', {}, String(r.index)),
      h('td', { class: 'cell-file', title: r.file }, breakableName(r.file)),
      h('td', {}, r.model ?? ''),
      h('td', { class: 'cell-class' }, shownName(top) ?? '–'),
      h('td', {}, top ? formatPct(top.prob) : '–'),
      h('td', { dataset: { col: 'in-domain' } }, r.domain ? `${r.domain.inDomain ? 'yes' : 'no'} (${r.domain.score.toFixed(1)} / ${r.domain.threshold.toFixed(1)})` : '–'),
      h('td', { dataset: { col: 'screening' } }, r.screening ? `${shownName(r.screening)} ${r.screening.above ? 'above' : 'below'} ${formatPct(r.screening.threshold)}` : '–'),
      h('td', {}, r.timings ? r.timings.total.toFixed(1) : '–'),
      h('td', { class: r.status === 'ok' ? 'ok' : 'failed' }, r.status === 'ok' ? 'ok' : r.error));
    this.rows.set(r, row);
    if (this.sort.key === 'index' && this.sort.dir === 'ascending') this.body.append(row);
    else this.sortBy(this.sort.key, this.sort.dir);
    this.csvButton.disabled = this.jsonButton.disabled = false;
    return row;
  }

  // Reorders the rows (the records and exports keep the order the images came in).
  sortBy(key, dir = 'ascending') {
    const spec = SORT_KEYS[key];
    if (!spec) return;
    this.sort = { key, dir };
    const sign = dir === 'descending' ? -1 : 1;
    const sorted = [...this.records].sort((a, b) => {
      const x = spec.get(a);
      const y = spec.get(b);
      const xMissing = x === null || x === undefined || (spec.type === 'number' && !Number.isFinite(x));
      const yMissing = y === null || y === undefined || (spec.type === 'number' && !Number.isFinite(y));
      if (xMissing || yMissing) return xMissing === yMissing ? a.index - b.index : (xMissing ? 1 : -1);
      const c = spec.type === 'number' ? x - y : String(x).localeCompare(String(y), undefined, { numeric: true, sensitivity: 'base' });
      return c === 0 ? a.index - b.index : sign * c;
    });
    this.body.append(...sorted.map((r) => this.rows.get(r)));
    this.#showSort();
  }

  #showSort() {
    for (const th of this.table.tHead.rows[0].cells) {
      const key = th.querySelector('button[data-sort]')?.dataset.sort;
      if (key === this.sort.key) th.setAttribute('aria-sort', this.sort.dir);
      else th.removeAttribute('aria-sort');
    }
  }

  clear() {
    this.records = [];
    this.rows.clear();
    this.body.replaceChildren();
    this.csvButton.disabled = this.jsonButton.disabled = true;
  }

  toJson(now = new Date()) {
    return `${JSON.stringify({
      generator: 'dxlens', notice: this.notice, exported_at: now.toISOString(),
      results: this.records.map((r) => ({
        index: r.index, file: r.file, model: r.model, variant: r.variant,
        model_version: r.modelVersion ?? null, model_sha256: r.modelSha256 ?? null, status: r.status, error: r.error ?? null,
        // The core's entries, with each class's display label as display_label (`label` stays the model's).
        top: (r.top ?? []).map(({ displayLabel, ...t }) => ({ ...t, display_label: displayLabel ?? t.label })),
        probabilities: r.labels && r.probs ? Object.fromEntries(r.labels.map((l, i) => [l, r.probs[i]])) : null,
        patches: r.patches ?? null, timings_ms: r.timings ?? null, routed: r.routed ?? null,
        in_domain: r.domain?.inDomain ?? null, domain_score: r.domain?.score ?? null, domain_threshold: r.domain?.threshold ?? null,
        screening: r.screening ? (({ displayLabel, ...s }) => ({ ...s, display_label: displayLabel ?? s.label }))(r.screening) : null,
        scale_source: r.scale?.source ?? null, field_of_view: r.scale?.fieldOfView ?? null,
        certainty: r.certainty ?? null,
        // A DICOM file's facts (dicom.h: nothing identifying), else null.
        dicom: r.dicom ?? null,
      })),
    }, null, 2)}\n`;
  }

  // One row per image: file, model, top label/probability, then one column per
  // class of every model involved, the stage timings, the patch scale (empty for
  // whole-image models) and the certainty word (empty when none is given: an
  // out-of-domain image or an error), then the model version and the SHA-256 of
  // the model file used (per row: Auto may route images to different models), the
  // export time (ISO 8601 UTC) and the research notice; each appended last so
  // earlier columns keep their place (the header stays the first line). The
  // display labels of the top and the screened class (top_display_label,
  // screening_display_label) come right after the fixed columns, then a DICOM
  // file's frame (k/n) and window (centre/width), before the per-class ones
  // (p_<label>, by the model's labels).
  toCsv(now = new Date()) {
    const exportedAt = now.toISOString();
    const labels = [...new Set(this.records.flatMap((r) => r.labels ?? []))];
    const stages = ['decode', 'preprocess', 'inference', 'postprocess', 'total'];
    const header = ['index', 'file', 'model', 'variant', 'status', 'error', 'top_label', 'top_prob', 'routed',
      'in_domain', 'domain_score', 'domain_threshold', 'screening_label', 'screening_prob', 'screening_threshold', 'screening',
      'top_display_label', 'screening_display_label', 'dicom_frame', 'dicom_window', ...labels.map((l) => `p_${l}`), ...stages.map((s) => `${s}_ms`), 'scale_source', 'field_of_view', 'certainty',
      'model_version', 'model_sha256', 'exported_at', 'notice'];
    const lines = [header.map(csvCell).join(',')];
    for (const r of this.records) {
      const probs = new Map((r.labels ?? []).map((l, i) => [l, r.probs?.[i]]));
      const d = r.domain;
      const s = r.screening;
      lines.push([r.index, r.file, r.model, r.variant, r.status, r.error ?? '', r.top?.[0]?.label ?? '', r.top?.[0]?.prob ?? '',
        r.routed ?? '', d ? d.inDomain : '', d?.score ?? '', d?.threshold ?? '',
        s?.label ?? '', s?.probability ?? '', s?.threshold ?? '', s ? (s.above ? 'above' : 'below') : '',
        shownName(r.top?.[0]) ?? '', shownName(s) ?? '',
        r.dicom ? `${r.dicom.frame}/${r.dicom.frames}` : '', r.dicom?.window ? `${r.dicom.window.center}/${r.dicom.window.width}` : '',
        ...labels.map((l) => probs.get(l) ?? ''), ...stages.map((s) => (r.timings ? r.timings[s].toFixed(2) : '')),
        r.scale?.source ?? '', r.scale?.fieldOfView ?? '', r.certainty ?? '',
        r.modelVersion ?? '', r.modelSha256 ?? '', exportedAt, this.notice].map(csvCell).join(','));
    }
    return `${lines.join('\n')}\n`;
  }
}
