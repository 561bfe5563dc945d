// A DICOM result's facts and controls, under its image. The facts are what the
// core's reader returns (dicom.h), which never holds anything identifying:
// modality, body part, view, size, bits, photometric interpretation, transfer
// syntax, the frame used and the window used with its source. The controls
// re-run the classification of the same file: a frame slider for a multi-frame
// file, and window centre/width for a grey image (they replace the file's
// window; "File's window" goes back to it). A re-run gives a new card; this one
// stays, so the two can be compared.
// Hooks: [data-role="dicom"], [data-role="dicom-facts"] (a <dl>), input
// [data-role="dicom-frame"], [data-role="dicom-center"], [data-role="dicom-width"],
// button [data-role="dicom-apply"], [data-role="dicom-file-window"].
import { h } from '../page/dom.js';

const SOURCES = {
  file: "the file's window",
  override: 'set here',
  voi_lut: "the file's VOI LUT",
  min_max: 'the image\'s full range (the file states no window)',
};

const round = (v) => (Math.abs(v) >= 100 ? v.toFixed(0) : String(Number(v.toFixed(2))));

export function describeWindow(window) {
  if (!window) return 'none (colour image)';
  return `centre ${round(window.center)}, width ${round(window.width)} (${window.function}, ${SOURCES[window.source] ?? window.source})`;
}

function facts(d) {
  const rows = [
    ['Modality', d.modality || '—'],
    ['Body part', d.bodyPart || '—'],
    ['View', d.viewPosition || '—'],
    ['Size', `${d.columns} × ${d.rows} px, ${d.bitsStored} of ${d.bitsAllocated} bits`],
    ['Photometric', d.photometric],
    ['Transfer syntax', d.transferSyntax?.name ?? d.transferSyntax?.uid],
    ['Frame', `${d.frame} of ${d.frames}`],
    ['Window', describeWindow(d.window)],
  ];
  return h('dl', { class: 'dicom-facts', dataset: { role: 'dicom-facts' } },
    rows.map(([term, value]) => h('div', {}, h('dt', {}, term), h('dd', {}, value))));
}

// card: the result card; result: the worker's result (result.dicom set);
// rerun({frame, window}): classifies the same file again with those options.
export function addDicomPanel(card, result, rerun) {
  const d = result.dicom;
  if (!d) return;
  const place = (node) => {
    const viewer = card.querySelector('.viewer-wrap');
    if (viewer) viewer.after(node);
    else card.append(node);
  };
  const id = `${card.id || 'card'}-dicom`;
  const controls = [];
  let frame = null, center = null, width = null;
  if (d.frames > 1) {
    frame = h('input', { type: 'range', id: `${id}-frame`, min: '1', max: String(d.frames), step: '1', value: String(d.frame),
      dataset: { role: 'dicom-frame' } });
    const shown = h('output', { for: frame.id }, `${d.frame} of ${d.frames}`);
    frame.addEventListener('input', () => { shown.textContent = `${frame.value} of ${d.frames}`; });
    controls.push(h('div', { class: 'control' }, h('label', { for: frame.id }, 'Frame'), frame, shown));
  }
  if (d.window) {
    const number = (role, label, value, min) => {
      const input = h('input', { type: 'number', id: `${id}-${role}`, step: 'any', value: round(value), min, dataset: { role: `dicom-${role}` } });
      return [input, h('span', { class: 'control' }, h('label', { for: input.id }, label), input)];
    };
    let centerField, widthField;
    [center, centerField] = number('center', 'Window centre', d.window.center);
    [width, widthField] = number('width', 'Window width', d.window.width, '1');
    controls.push(h('div', { class: 'dicom-window' }, centerField, widthField));
  }
  if (!controls.length) {
    place(h('section', { class: 'dicom', dataset: { role: 'dicom' }, 'aria-label': 'DICOM' }, facts(d)));
    return;
  }
  const error = h('p', { class: 'field-error', role: 'alert', hidden: true });
  const options = (useFileWindow) => {
    const chosen = { frame: frame ? Number(frame.value) : d.frame };
    if (center && !useFileWindow) {
      const c = Number(center.value), w = Number(width.value);
      if (!Number.isFinite(c) || !(w >= 1)) throw new Error('The window needs a number for its centre and a width of at least 1.');
      chosen.window = { center: c, width: w };
    }
    return chosen;
  };
  const run = async (button, useFileWindow) => {
    error.hidden = true;
    let chosen;
    try {
      chosen = options(useFileWindow);
    } catch (e) {
      error.textContent = e.message;
      error.hidden = false;
      return;
    }
    button.disabled = true;
    try {
      await rerun(chosen);
    } finally {
      button.disabled = false;
    }
  };
  const apply = h('button', { type: 'button', dataset: { role: 'dicom-apply' } }, 'Classify again with these settings');
  apply.addEventListener('click', () => run(apply, false));
  const buttons = [apply];
  if (d.window && d.window.source === 'override') {
    const back = h('button', { type: 'button', dataset: { role: 'dicom-file-window' } }, "Use the file's window");
    back.addEventListener('click', () => run(back, true));
    buttons.push(back);
  }
  place(h('section', { class: 'dicom', dataset: { role: 'dicom' }, 'aria-label': 'DICOM' },
    facts(d),
    h('div', { class: 'dicom-controls' }, controls, h('div', { class: 'actions' }, buttons), error)));
}
