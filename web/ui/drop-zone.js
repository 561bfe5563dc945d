// Files in: drag-and-drop on the area, the file picker (the zone is a <button>:
// click, tap, Enter or Space), and paste anywhere on the page. The file input
// is hidden (no tab stop of its own); the button opens it.
export function setupDropZone({ area, zone, input, onFiles }) {
  const take = (list) => {
    const files = [...(list ?? [])].filter((f) => f && f.size !== undefined);
    if (files.length) onFiles(files);
  };
  zone.addEventListener('click', () => input.click());
  input.addEventListener('change', () => {
    take(input.files);
    input.value = '';
  });
  acceptDrops(area, zone, (transfer) => take(transfer?.files));
  // Dropping outside the zone must not navigate away from the page.
  window.addEventListener('dragover', (e) => e.preventDefault());
  window.addEventListener('drop', (e) => e.preventDefault());
  document.addEventListener('paste', (e) => {
    const files = [...(e.clipboardData?.items ?? [])].filter((i) => i.kind === 'file').map((i, n) => {
      const f = i.getAsFile();
      // Pasted screenshots are all called "image.png": number them.
      return f && new File([f], f.name && f.name !== 'image.png' ? f.name : `pasted-${Date.now()}-${n}.png`, { type: f.type });
    });
    if (files.length) {
      e.preventDefault();
      take(files);
    }
  });
}

// Drag and drop onto `area`: `marked` gets the class "dragging" while something
// is dragged over it, and onDrop(dataTransfer) is called with what was dropped.
export function acceptDrops(area, marked, onDrop) {
  for (const type of ['dragenter', 'dragover']) {
    area.addEventListener(type, (e) => {
      e.preventDefault();
      marked.classList.add('dragging');
    });
  }
  for (const type of ['dragleave', 'dragend']) area.addEventListener(type, () => marked.classList.remove('dragging'));
  area.addEventListener('drop', (e) => {
    e.preventDefault();
    marked.classList.remove('dragging');
    onDrop(e.dataTransfer);
  });
}
