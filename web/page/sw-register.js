// Registers the service worker, reloads once when only the service worker can make the page
// cross-origin isolated (static hosts without COOP/COEP headers), and shows the
// update banner when a new version is waiting.
const RELOAD_FLAG = 'dxlens-coi-reload';

export async function registerServiceWorker({ onUpdateReady, onState }) {
  if (!('serviceWorker' in navigator)) {
    onState('unsupported');
    return null;
  }
  let reloading = false;
  let updateRequested = false;
  const reload = () => {
    if (reloading) return;
    reloading = true;
    location.reload();
  };
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (updateRequested) reload();
    else if (!self.crossOriginIsolated && !sessionStorage.getItem(RELOAD_FLAG)) {
      sessionStorage.setItem(RELOAD_FLAG, '1');
      reload();
    }
  });
  if (self.crossOriginIsolated) sessionStorage.removeItem(RELOAD_FLAG);

  let registration;
  try {
    // Built from web/sw/sw.js into the site root: a service worker controls only
    // URLs under its own script's folder (without a Service-Worker-Allowed header,
    // which the static hosts it exists for cannot send), and it must control the page.
    const root = new URL('../', import.meta.url);
    registration = await navigator.serviceWorker.register(new URL('sw.js', root), { scope: root.href, type: 'classic' });
  } catch (e) {
    onState(`failed (${e.message})`);
    return null;
  }
  const applyUpdate = () => {
    updateRequested = true;
    registration.waiting?.postMessage({ type: 'skip-waiting' });
  };
  const watch = (worker) => {
    worker?.addEventListener('statechange', () => {
      if (worker.state === 'installed' && navigator.serviceWorker.controller) onUpdateReady(applyUpdate);
      if (worker.state === 'activated') onState('ready');
    });
  };
  if (registration.waiting && navigator.serviceWorker.controller) onUpdateReady(applyUpdate);
  watch(registration.installing);
  registration.addEventListener('updatefound', () => watch(registration.installing));
  await navigator.serviceWorker.ready;
  onState(navigator.serviceWorker.controller ? 'ready' : 'installed (reload to use)');
  if (!navigator.serviceWorker.controller) {
    navigator.serviceWorker.addEventListener('controllerchange', () => onState('ready'), { once: true });
  }
  return registration;
}
