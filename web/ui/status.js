// The status line in the footer: one <b data-field="..."> per fact.
export class StatusLine {
  constructor(root) {
    this.root = root;
  }

  // data: more data-* attributes for the field (tests read them), e.g. {network: 'offline'}.
  set(field, text, state = null, data = null) {
    const node = this.root.querySelector(`[data-field="${field}"]`);
    if (!node) return;
    node.textContent = text;
    if (state) node.dataset.state = state;
    else delete node.dataset.state;
    if (data) Object.assign(node.dataset, data);
  }
}

// The footer's network fact (data-field="offline"), which must be true:
// - online: whether the browser says it is online (navigator.onLine);
// - shell: the app itself, saved by the service worker: 'cached' (it controls the
//   page), 'installed' (saved; the page is not controlled until a reload),
//   'pending' (still saving), 'none' (no service worker: no offline use);
// - chosen: how much of the chosen model is available offline
//   (ui/offline-all.js offlineOf: {available: 'yes'|'no'|'partial'|'unknown', count, total, auto});
// - loaded: the chosen model is loaded in this page (usable until a reload).
// -> {text, state: 'ok'|'warn'|'error', data: {network, shell, modelOffline}}
export function networkStatus({ online, shell, chosen, loaded = false }) {
  const data = { network: online ? 'online' : 'offline', shell, modelOffline: chosen?.available ?? 'unknown' };
  const say = (text, state) => ({ text, state, data });
  if (online) {
    if (shell === 'none') return say('Online (offline use unavailable: no service worker)', 'warn');
    if (shell === 'pending') return say('Online — saving the app for offline use…', 'warn');
    if (shell === 'installed') return say('Online — app saved for offline use; reload once to use it offline', 'warn');
    return say('Online', 'ok');
  }
  if (shell !== 'cached' && shell !== 'installed') {
    return say('Offline — the app is not saved for offline use yet: connect and reload once', 'error');
  }
  switch (chosen?.available) {
    case 'yes':
      return say(chosen.auto ? `Offline — Auto: all ${chosen.total} models available offline` : 'Offline — chosen model available offline', 'ok');
    case 'partial':
      return say(`Offline — Auto: ${chosen.count} of ${chosen.total} models available offline; ` +
        'images routed to the others fail: connect once to download them', 'warn');
    case 'no':
      return say(`Offline — ${chosen.auto ? 'Auto\'s models' : 'chosen model'} NOT available offline: connect once to download ${
        chosen.auto ? 'them' : 'it'}${loaded ? ' (loaded in this page for now; gone after a reload)' : ''}`, 'error');
    default:
      return say('Offline — checking whether the chosen model is available offline…', 'warn');
  }
}
