// "A new version is ready [Reload]": shown when a new service worker waits.
export function showUpdateBanner(banner, onReload) {
  const button = banner.querySelector('#update-reload');
  button.onclick = () => {
    button.disabled = true;
    onReload();
  };
  banner.hidden = false;
}
