// What a screen reader is told, in two visually hidden live regions
// (index.html #announcer, role=status; #alerts, role=alert): a batch once at
// its start and once at its end (never per image: result cards and the error
// list are no live regions), and errors that happen outside a batch.
export class Announcer {
  constructor(polite, assertive) {
    this.polite = polite;
    this.assertive = assertive;
  }

  say(text) {
    this.polite.textContent = text;
  }

  alert(text) {
    this.assertive.textContent = text;
  }
}

const images = (n) => `${n} image${n === 1 ? '' : 's'}`;

export const batchStartText = (n) => `Classifying ${images(n)}…`;

// records: the batch's records ({status, error}); one image's error is spelled out.
export function batchEndText(records) {
  const failed = records.filter((r) => r.status !== 'ok');
  let text = `${images(records.length)} classified`;
  if (failed.length) text += `, ${failed.length} error${failed.length === 1 ? '' : 's'}`;
  if (records.length === 1 && failed.length) text += `: ${failed[0].error}`;
  return text;
}
