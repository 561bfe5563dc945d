// Files in: drag-and-drop on the zone, the file picker (click, Enter or Space
// on the zone), and paste anywhere on the page.
export function setupDropZone({ zone, input, onFiles }) {
  const take = (list) => {
    const files = [...(list ?? [])].filter((f) => f && f.size !== undefined);
    if (files.length) onFiles(files);
  };
  zone.addEventListener('click', (e) => {
    if (e.target !== input && !e.target.closest('label')) input.click();
  });
  zone.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      input.click();
    }
  });
  input.addEventListener('change', () => {
    take(input.files);
    input.value = '';
  });
  for (const type of ['dragenter', 'dragover']) {
    zone.addEventListener(type, (e) => {
      e.preventDefault();
      zone.classList.add('dragging');
    });
  }
  for (const type of ['dragleave', 'dragend']) zone.addEventListener(type, () => zone.classList.remove('dragging'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('dragging');
    take(e.dataTransfer?.files);
  });
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
