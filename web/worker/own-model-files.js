// Which of the files a user chose is which ("Add your own model", ops.addModel):
// manifest.json, the classifier and domain files it names (outputs.classifier,
// domain.file) and the ONNX file of the variant the page would load (int8 when
// the manifest lists it and it was chosen, else fp32), matched by file name.
// The core parses the manifest (openModel: every field, as for a shipped model
// and the CLI); this module reads only the two file names it needs to pick the
// classifier and domain files, and the core's parse gives the ONNX file's path.
// Runs in the worker.
import { WorkerError } from './engine.js';

const VARIANTS = ['int8', 'fp32'];  // the page's preference, as tools/web_index.mjs picks for a shipped model
// A name that is safe as the picker's value, in the exports and in test selectors (as a shipped model's folder name).
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

const baseName = (p) => String(p).split('/').pop();
const listed = (files) => files.map((f) => f.name).join(', ') || 'none';

// The classifier and domain file names the manifest gives, or null. Invalid JSON
// or a field of the wrong type: null (the core's parse then says what is wrong).
function namedFiles(manifestText) {
  try {
    const m = JSON.parse(manifestText);
    const str = (v) => (typeof v === 'string' && v ? v : null);
    return { classifier: str(m?.outputs?.classifier), domain: str(m?.domain?.file) };
  } catch {
    return { classifier: null, domain: null };
  }
}

// files: File objects (the page's <input type=file> or drop). parse(manifestText,
// classifierText, domainText): the core's openModel, throwing its error (kind as
// code). taken: {shipped: names in models/index.json (and 'auto'), added: names of
// stored added models}. -> {entry (a models/index.json entry, own: true), given
// {manifestText, classifierText, domainText, onnx (Uint8Array)}}
export async function ownModelFromFiles(files, parse, taken) {
  const byName = new Map();
  for (const f of files) if (!byName.has(f.name)) byName.set(f.name, f);
  const manifestFile = byName.get('manifest.json');
  if (!manifestFile) {
    throw new WorkerError('missing_file', `missing manifest.json: choose it together with the model's ONNX file (chosen: ${listed(files)})`);
  }
  const manifestText = await manifestFile.text();
  const named = namedFiles(manifestText);
  // A file the manifest names but that was not chosen is passed as empty: the core says which one it needs.
  const text = async (name) => (name && byName.has(baseName(name)) ? byName.get(baseName(name)).text() : '');
  const classifierText = await text(named.classifier);
  const domainText = await text(named.domain);
  const model = parse(manifestText, classifierText, domainText);

  const variants = [...VARIANTS.filter((v) => model.files[v]), ...Object.keys(model.files).filter((v) => !VARIANTS.includes(v))];
  const variant = variants.find((v) => byName.has(baseName(model.files[v].path)));
  if (!variant) {
    const expected = variants.map((v) => `${model.files[v].path} (files.${v})`).join(' or ');
    throw new WorkerError('missing_file', `missing ONNX file ${expected}, as the manifest lists it (chosen: ${listed(files)})`);
  }
  if (!NAME.test(model.name)) {
    throw new WorkerError('manifest', `the manifest's name '${model.name}' must be 1 to 64 letters, digits, '.', '_' or '-' ` +
      '(it names the model in the picker and the exports)');
  }
  if (taken.shipped.includes(model.name)) {
    throw new WorkerError('name_taken', `a model shipped with this page is already named '${model.name}': ` +
      'change the "name" field of your manifest.json to add yours beside it');
  }
  if (taken.added.includes(model.name)) {
    throw new WorkerError('name_taken', `you already added a model named '${model.name}': ` +
      'remove it first (Remove this model, in its summary) to add this one in its place');
  }
  const file = model.files[variant];
  const onnx = new Uint8Array(await byName.get(baseName(file.path)).arrayBuffer());
  const given = { manifestText, classifierText, domainText, onnx };
  const storedBytes = onnx.byteLength + [manifestText, classifierText, domainText]
    .reduce((sum, t) => sum + new TextEncoder().encode(t).byteLength, 0);
  const entry = {
    name: model.name, id: model.name, title: model.title, version: model.version, task: model.task,
    labels: model.labels, displayLabels: model.displayLabels, uploadHint: model.uploadHint || null,
    classes: model.labels.length, input: model.inputShape, patch: model.isPatchModel, cam: model.hasCam,
    variant, variants, file: file.path, sha256: file.sha256, bytes: onnx.byteLength,
    classifier: model.hasCam ? named.classifier : null, domain: model.hasDomain ? named.domain : null,
    card: null, summary: null, eval: null, role: null,
    own: true, addedAt: new Date().toISOString(), storedBytes,
  };
  return { entry, given };
}
