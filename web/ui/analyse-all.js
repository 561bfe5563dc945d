// "Analyse all tissue": a patch model classifies an evenly spread subset of the
// patches with tissue (the manifest's patch.max_patches, e.g. 25), which on a
// large slide leaves most of the tissue unseen. When the card's coverage note
// says so, this button under it classifies the same image again with every
// patch that has tissue (PipelineOptions.all_patches, up to the core's
// kLimits.max_patches); the result arrives as a new card, the old one stays.
// Hooks: [data-role="analyse-all"]; a result of that run has allPatches: true.
import { h } from '../page/dom.js';

// card: a result card; result: what the worker returned; run: () => Promise.
export function offerAnalyseAll(card, result, run) {
  if (result.kind !== 'patch' || result.allPatches) return;
  const note = card.querySelector('[data-role="coverage"]');
  if (!note) return;
  const covered = Number(note.dataset.tissueCoverage ?? note.dataset.coverage);
  if (!(covered < 0.995)) return;  // all of it was analysed already
  const button = h('button', { type: 'button', class: 'analyse-all', dataset: { role: 'analyse-all' } }, 'Analyse all tissue');
  const hint = h('span', { class: 'hint' }, ' every patch with tissue; slower on a large image');
  button.addEventListener('click', async () => {
    button.disabled = true;
    button.textContent = 'Analysing all tissue…';
    try {
      await run();
    } finally {
      button.textContent = 'Analyse all tissue';
      button.disabled = false;
    }
  });
  note.after(h('p', { class: 'map-note' }, button, hint));
}
