// The "Auto" model choice and the "this looks like another model's image"
// hint: the image's out-of-domain score under every loaded model that has
// domain statistics. Each model's score is a squared Mahalanobis distance in
// its own feature space, so raw scores of different models are not
// comparable; divided by the model's own threshold (the score below which 95 %
// of its held-back training images fall) they are: a ratio under 1 is in
// domain for that model, and the smallest ratio is the model the image fits
// best (web/README.md, "Auto").
import { runPipeline } from './run-pipeline.js';

// Only what the domain score needs: no preview, no overlays, no tissue mask.
const SCORE_ONLY = { overlayClasses: 0, previewSide: 0, tissueOverlay: false };

// models: name -> openModelSession()'s object. -> [{model, title, score,
// threshold, ratio, inDomain}] best fit first; a model that cannot take the
// image at all (e.g. "no tissue" for a slide model) is left out.
export async function rankDomains(models, bytes) {
  const ranked = [];
  for (const [name, m] of models) {
    if (!m.model.hasDomain) continue;
    try {
      const { result } = await runPipeline(m.session, m.handle, m.model.inputName, bytes, SCORE_ONLY);
      const d = result.images[0].domain;
      ranked.push({ model: name, title: m.model.title, score: d.score, threshold: d.threshold,
        ratio: d.score / d.threshold, inDomain: d.inDomain });
    } catch {
      // Not a candidate; the chosen model's own run reports the error if it matters.
    }
  }
  return ranked.sort((a, b) => a.ratio - b.ratio);
}
