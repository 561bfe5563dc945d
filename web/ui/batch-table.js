// Every image of the session as a table row (<tr data-file data-status
// data-top-label data-top-prob data-in-domain>), exported as CSV or JSON
// (with the in-domain check, the screening side, for patch models the scale the
// patches were cut at, and, last, the certainty word of ui/certainty.js).
import { download, formatPct, h } from '../page/dom.js';

function csvCell(value) {
  const s = value === null || value === undefined ? '' : String(value);
  return /[",\n\r]/.test(s) || /^[=+\-@\t]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export class BatchTable {
  constructor(table, { csvButton, jsonButton }) {
    this.body = table.tBodies[0];
    this.records = [];
    this.csvButton = csvButton;
    this.jsonButton = jsonButton;
    csvButton.addEventListener('click', () => download('dxlens-results.csv', 'text/csv', this.toCsv()));
    jsonButton.addEventListener('click', () => download('dxlens-results.json', 'application/json', this.toJson()));
  }

  // record: {file, model, variant, status: 'ok'|'error', top, probs, labels, timings, error,
  //          routed: 'auto'|'manual', domain: {inDomain, score, threshold}, screening: {label, probability, threshold, above},
  //          scale: {source, fieldOfView} (patch models), certainty: 'uncertain'|'likely'|'very likely'|null}
  add(record) {
    const r = { index: this.records.length + 1, ...record };
    this.records.push(r);
    const top = r.top?.[0];
    const row = h('tr', { dataset: { file: r.file, status: r.status, topLabel: top?.label ?? '', topProb: top ? String(top.prob) : '',
      inDomain: r.domain ? String(r.domain.inDomain) : '' } },
      h('td', {}, String(r.index)),
      h('td', { class: 'cell-file' }, r.file),
      h('td', {}, r.model ?? ''),
      h('td', {}, top?.label ?? '–'),
      h('td', {}, top ? formatPct(top.prob) : '–'),
      h('td', { dataset: { col: 'in-domain' } }, r.domain ? `${r.domain.inDomain ? 'yes' : 'no'} (${r.domain.score.toFixed(1)} / ${r.domain.threshold.toFixed(1)})` : '–'),
      h('td', { dataset: { col: 'screening' } }, r.screening ? `${r.screening.label} ${r.screening.above ? 'above' : 'below'} ${formatPct(r.screening.threshold)}` : '–'),
      h('td', {}, r.timings ? r.timings.total.toFixed(1) : '–'),
      h('td', { class: r.status === 'ok' ? 'ok' : 'failed' }, r.status === 'ok' ? 'ok' : r.error));
    this.body.append(row);
    this.csvButton.disabled = this.jsonButton.disabled = false;
    return row;
  }

  clear() {
    this.records = [];
    this.body.replaceChildren();
    this.csvButton.disabled = this.jsonButton.disabled = true;
  }

  toJson() {
    return `${JSON.stringify({
      generator: 'dxlens', notice: 'Research use only; not for clinical diagnosis.', exported: new Date().toISOString(),
      results: this.records.map((r) => ({
        index: r.index, file: r.file, model: r.model, variant: r.variant, status: r.status, error: r.error ?? null,
        top: r.top ?? [], probabilities: r.labels && r.probs ? Object.fromEntries(r.labels.map((l, i) => [l, r.probs[i]])) : null,
        patches: r.patches ?? null, timings_ms: r.timings ?? null, routed: r.routed ?? null,
        in_domain: r.domain?.inDomain ?? null, domain_score: r.domain?.score ?? null, domain_threshold: r.domain?.threshold ?? null,
        screening: r.screening ?? null, scale_source: r.scale?.source ?? null, field_of_view: r.scale?.fieldOfView ?? null,
        certainty: r.certainty ?? null,
      })),
    }, null, 2)}\n`;
  }

  // One row per image: file, model, top label/probability, then one column per
  // class of every model involved, the stage timings, the patch scale (empty for
  // whole-image models) and the certainty word (empty when none is given: an
  // out-of-domain image or an error); each appended last so earlier columns keep their place.
  toCsv() {
    const labels = [...new Set(this.records.flatMap((r) => r.labels ?? []))];
    const stages = ['decode', 'preprocess', 'inference', 'postprocess', 'total'];
    const header = ['index', 'file', 'model', 'variant', 'status', 'error', 'top_label', 'top_prob', 'routed',
      'in_domain', 'domain_score', 'domain_threshold', 'screening_label', 'screening_prob', 'screening_threshold', 'screening',
      ...labels.map((l) => `p_${l}`), ...stages.map((s) => `${s}_ms`), 'scale_source', 'field_of_view', 'certainty'];
    const lines = [header.map(csvCell).join(',')];
    for (const r of this.records) {
      const probs = new Map((r.labels ?? []).map((l, i) => [l, r.probs?.[i]]));
      const d = r.domain;
      const s = r.screening;
      lines.push([r.index, r.file, r.model, r.variant, r.status, r.error ?? '', r.top?.[0]?.label ?? '', r.top?.[0]?.prob ?? '',
        r.routed ?? '', d ? d.inDomain : '', d?.score ?? '', d?.threshold ?? '',
        s?.label ?? '', s?.probability ?? '', s?.threshold ?? '', s ? (s.above ? 'above' : 'below') : '',
        ...labels.map((l) => probs.get(l) ?? ''), ...stages.map((s) => (r.timings ? r.timings[s].toFixed(2) : '')),
        r.scale?.source ?? '', r.scale?.fieldOfView ?? '', r.certainty ?? ''].map(csvCell).join(','));
    }
    return `${lines.join('\n')}\n`;
  }
}
