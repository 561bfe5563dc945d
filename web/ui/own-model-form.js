// "Add your own model" (index.html #own-model): the files of a model (its ONNX
// file and manifest.json, plus classifier.json and domain.json when the
// manifest names them) chosen together (#own-model-choose, several files at
// once), as a folder (#own-model-folder) or dropped on the control
// (#own-model-drop, files or a folder). `add(files)` (page/app.js) hands them to
// the worker, which has the core check them and keeps them in this browser
// (worker/own-model-files.js, worker/own-model-store.js): nothing is uploaded.
// The outcome is shown next to the control (#own-model-status, data-state
// idle|checking|added|error, data-code on an error) and announced once.
import { acceptDrops } from './drop-zone.js';

// The files of a dropped folder (one level: a model folder is flat) and dropped
// files. Entries must be taken during the drop event; they are read afterwards.
async function entriesFiles(entries) {
  const fileOf = (entry) => new Promise((resolve, reject) => entry.file(resolve, reject));
  const out = [];
  for (const entry of entries) {
    if (entry.isFile) out.push(await fileOf(entry));
    if (!entry.isDirectory) continue;
    const reader = entry.createReader();
    for (;;) {
      const batch = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
      if (!batch.length) break;
      for (const child of batch) if (child.isFile) out.push(await fileOf(child));
    }
  }
  return out;
}

export function setupOwnModelForm({ root, announcer, add }) {
  const $ = (id) => root.querySelector(`#${id}`);
  const area = $('own-model-drop');
  const input = $('own-model-input');
  const folderInput = $('own-model-folder-input');
  const buttons = [$('own-model-choose'), $('own-model-folder')];
  const status = $('own-model-status');
  let busy = false;

  const show = (state, text, code = null) => {
    status.dataset.state = state;
    if (code) status.dataset.code = code;
    else delete status.dataset.code;
    status.textContent = text;
    status.hidden = !text;
  };

  const take = async (files) => {
    files = [...(files ?? [])].filter((f) => f && f.size !== undefined);
    if (!files.length || busy) return;
    busy = true;
    for (const b of buttons) b.disabled = true;
    show('checking', `Checking ${files.length} file${files.length === 1 ? '' : 's'}…`);
    try {
      const entry = await add(files);
      const text = `Added ${entry.title} (v${entry.version}, ${entry.variant}): checked, stored in this browser and chosen in the picker.`;
      show('added', text);
      announcer.say(text);
    } catch (e) {
      const text = `Not added: ${e.message ?? e}`;
      show('error', text, e.code ?? 'error');
      announcer.alert(text);
    } finally {
      busy = false;
      for (const b of buttons) b.disabled = false;
    }
  };

  buttons[1].hidden = !('webkitdirectory' in folderInput);  // a browser without folder picking: files only
  buttons[0].addEventListener('click', () => input.click());
  buttons[1].addEventListener('click', () => folderInput.click());
  for (const i of [input, folderInput]) {
    i.addEventListener('change', () => {
      const files = [...i.files];
      i.value = '';
      take(files);
    });
  }
  acceptDrops(area, area, (transfer) => {
    const files = [...(transfer?.files ?? [])];
    const entries = [...(transfer?.items ?? [])].map((item) => item.webkitGetAsEntry?.()).filter(Boolean);
    if (entries.some((entry) => entry.isDirectory)) {
      entriesFiles(entries).then(take, (err) => show('error', `Not added: the dropped folder could not be read (${err.message ?? err})`, 'error'));
    } else {
      take(files);
    }
  });
  show('idle', '');
}
