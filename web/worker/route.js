// The "Auto" model choice and the "this looks like another model's image"
// hint. With a router model (manifest "role": "router", models/domain_router:
// a tiny INT8 classifier whose labels are the other models' names) the ranking
// is the router's probabilities (rankByRouter): one small run per image, and
// only the chosen model needs to be loaded. Without one, the fallback is the
// image's out-of-domain score under every loaded model that has domain
// statistics (rankDomains), which routes far worse (web/README.md, "Auto").
//
// rankDomains: the image's out-of-domain score under every loaded model that has
// domain statistics. Each model's score is a squared Mahalanobis distance in
// its own feature space, so raw scores of different models are not
// comparable; divided by the model's own threshold (the score below which 95 %
// of its held-back training images fall) they are: a ratio under 1 is in
// domain for that model, and the smallest ratio is the model the image fits
// best (web/README.md, "Auto").
import { runPipeline } from './run-pipeline.js';

// Only what the domain score needs: no preview, no overlays, no tissue mask.
const SCORE_ONLY = { overlayClasses: 0, previewSide: 0, tissueOverlay: false };

// The loaded router model, if any: models: name -> openModelSession()'s object.
export function findRouter(models) {
  for (const m of models.values()) if (m.entry?.role === 'router') return m;
  return null;
}

// router: findRouter()'s object. -> [{model, title, prob, inDomain}] most
// probable first, one per router label that names a model of the site
// (router.entry.routes, tools/web_index.mjs: label -> {name, title}); inDomain
// here means the router is more sure of it than of all the others together.
// errorPrefix: put before a pipeline error's message (e.g. "scan.png: ").
export async function rankByRouter(router, bytes, errorPrefix = '') {
  const { result } = await runPipeline(router.session, router.handle, router.model.inputName, bytes, SCORE_ONLY, errorPrefix);
  const probs = result.images[0].probs;
  const routes = router.entry.routes ?? {};
  return router.model.labels
    .map((label, i) => ({ label, prob: probs[i], route: routes[label] }))
    .filter((r) => r.route)
    .map((r) => ({ model: r.route.name, title: r.route.title, prob: r.prob, inDomain: r.prob > 0.5 }))
    .sort((a, b) => b.prob - a.prob);
}

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
