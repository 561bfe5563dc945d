// Certainty in words for a result's answer, and the bands that choose the word.
// The words are only meaningful because the probabilities are calibrated (each
// model's temperature, fitted on held-back images, is applied in the core): a
// calibrated p of 0.9 means answers like this one are right about 9 times in 10,
// so a band of p can promise a rate of being right. On the top class's
// probability p and the runner-up's q:
//   "uncertain"    p − q < 0.2 (the runner-up is close: a small change in the
//                  image can swap the answer), or p < 0.6 (wrong 4 times in 10 or more)
//   "likely"       0.6 ≤ p < 0.9 (right more often than not, clearly ahead)
//   "very likely"  p ≥ 0.9 (right about 9 times in 10 or more)
// Screening models: when the screening reading disagrees with the top class (the
// screened label is flagged but another class is on top, or the screened label is
// on top but below the threshold), the word is "uncertain": the screen is set to
// err towards flagging, and the page should not call the other answer likely.
// An out-of-domain image gets no word (null), as it gets no verdict (trust-notes.js).
// Documented in web/README.md ("Certainty in words").
export const CERTAINTY_BANDS = Object.freeze({ minMargin: 0.2, likely: 0.6, veryLikely: 0.9 });

// p: the top class's probability; runnerUp: the second highest.
export function certaintyWord(p, runnerUp) {
  if (!Number.isFinite(p)) return null;
  const q = Number.isFinite(runnerUp) ? runnerUp : 0;
  if (p - q < CERTAINTY_BANDS.minMargin || p < CERTAINTY_BANDS.likely) return 'uncertain';
  return p >= CERTAINTY_BANDS.veryLikely ? 'very likely' : 'likely';
}

// The word for a classify result (worker/ops.js): {top, probs, domain, screening}; null when none is given.
export function certaintyOf(result) {
  const top = result?.top?.[0];
  if (!top || result.domain?.inDomain === false) return null;
  const runnerUp = Math.max(0, ...(result.probs ?? []).filter((_, i) => i !== top.index));
  const s = result.screening;
  if (s && s.above !== (s.label === top.label)) return 'uncertain';
  return certaintyWord(top.prob, runnerUp);
}
