// The caution a model carries when its measured accuracy is low: balanced
// accuracy (the mean of the per-class recalls, so a model cannot reach it by
// favouring the common class) on its test split, from its eval JSON as
// tools/web_index.mjs copies it into models/index.json (`eval`). Below 80 %
// roughly one answer in five or more is wrong, too often for the answer to be
// more than a hint. A model without an evaluation carries none: its card
// already says "not evaluated yet". Documented in web/README.md.
import { h } from '../page/dom.js';

export const CAUTION_BELOW = 0.8;

// The accuracy the caution is about: balanced when the eval has it, else plain.
function measuredAccuracy(evaluation) {
  if (Number.isFinite(evaluation?.balanced_accuracy)) return evaluation.balanced_accuracy;
  return Number.isFinite(evaluation?.accuracy) ? evaluation.accuracy : null;
}

// -> a <p data-role="accuracy-caution"> for a model below the level, else null.
export function accuracyCaution(evaluation) {
  const accuracy = measuredAccuracy(evaluation);
  if (accuracy === null || accuracy >= CAUTION_BELOW) return null;
  return h('p', { class: 'accuracy-caution', role: 'note', dataset: { role: 'accuracy-caution' } },
    `This model is right only about ${Math.round(accuracy * 100)} % of the time on its test images; treat its answer as a hint.`);
}
