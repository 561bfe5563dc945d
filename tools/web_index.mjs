// Finishes build/web after tools/build_web.sh copied the files: writes
// models/index.json (one summary per model: the variant the page loads, its
// size and SHA-256, classes, metrics from an eval JSON, the model card) and
// stamps the service worker with the cache version (a hash of every built file)
// and its precache list. No dependencies.
// usage: node tools/web_index.mjs <build/web>
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(process.argv[2] ?? 'build/web');
const modelsDir = path.join(root, 'models');

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

// The headline metrics of the evaluation of `variant`, else of any variant.
function evalSummary(dir, variant) {
  for (const v of [variant, 'int8', 'fp32']) {
    const file = path.join(dir, `eval.${v}.json`);
    if (!fs.existsSync(file)) continue;
    const e = readJson(file);
    const pick = (k) => (typeof e[k] === 'number' ? e[k] : (typeof e.metrics?.[k] === 'number' ? e.metrics[k] : null));
    return {
      variant: v, file: `eval.${v}.json`, accuracy: pick('accuracy'),
      balanced_accuracy: pick('balanced_accuracy'), macro_f1: pick('macro_f1'),
      samples: pick('samples') ?? pick('n') ?? null,
    };
  }
  return null;
}

// First paragraph of the model card that is not a heading, for the picker.
function cardSummary(file) {
  if (!fs.existsSync(file)) return null;
  const paragraphs = fs.readFileSync(file, 'utf8').split(/\n\s*\n/).map((p) => p.trim());
  const text = paragraphs.find((p) => p && !p.startsWith('#') && !p.startsWith('|') && !p.startsWith('>'));
  return text ? text.replace(/\s+/g, ' ').slice(0, 400) : null;
}

const models = [];
for (const name of fs.existsSync(modelsDir) ? fs.readdirSync(modelsDir).sort() : []) {
  const dir = path.join(modelsDir, name);
  const manifestFile = path.join(dir, 'manifest.json');
  if (!fs.statSync(dir).isDirectory() || !fs.existsSync(manifestFile)) continue;
  const m = readJson(manifestFile);
  const variant = ['int8', 'fp32'].find((v) => m.files?.[v] && fs.existsSync(path.join(dir, m.files[v].path)));
  if (!variant) {
    console.error(`web_index: ${name}: no model file present, skipped`);
    continue;
  }
  const file = m.files[variant];
  models.push({
    name, // folder name under models/
    id: m.name,
    title: m.title ?? m.name,
    version: m.version,
    task: m.task,
    labels: m.labels,
    classes: m.labels.length,
    input: m.input?.shape ?? null,
    patch: Boolean(m.patch),
    cam: Boolean(m.outputs?.features),
    variant,
    variants: Object.keys(m.files ?? {}),
    file: file.path,
    sha256: file.sha256,
    bytes: fs.statSync(path.join(dir, file.path)).size,
    classifier: m.outputs?.classifier ?? null,
    card: fs.existsSync(path.join(dir, 'CARD.md')) ? 'CARD.md' : null,
    summary: cardSummary(path.join(dir, 'CARD.md')),
    eval: evalSummary(dir, variant),
  });
}

// Every built file except the service worker itself goes into the version hash;
// the app shell (everything but model files) is precached.
function walk(dir, base = '') {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const rel = base ? `${base}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...walk(path.join(dir, entry.name), rel));
    else out.push(rel);
  }
  return out.sort();
}

const indexText = (version) => `${JSON.stringify({ version, models }, null, 2)}\n`;
const hash = crypto.createHash('sha256');
const files = walk(root).filter((f) => f !== 'sw.js' && f !== 'models/index.json');
for (const f of files) {
  hash.update(f);
  hash.update(fs.readFileSync(path.join(root, f)));
}
hash.update(indexText(''));
hash.update(fs.readFileSync(path.join(root, 'sw.js')));
const version = hash.digest('hex').slice(0, 16);
fs.writeFileSync(path.join(modelsDir, 'index.json'), indexText(version));

const shell = ['./', ...files.filter((f) => !f.startsWith('models/') && !f.endsWith('.map') && f !== 'README.md'),
  'models/index.json'];
const sw = path.join(root, 'sw.js');
const text = fs.readFileSync(sw, 'utf8');
if (!text.includes('__DXLENS_VERSION__') || !text.includes('__DXLENS_PRECACHE__')) {
  throw new Error('sw.js lacks the __DXLENS_VERSION__ / __DXLENS_PRECACHE__ placeholders');
}
fs.writeFileSync(sw, text.replace("'__DXLENS_VERSION__'", JSON.stringify(version))
  .replace("'__DXLENS_PRECACHE__'", JSON.stringify(shell)));
console.log(`web_index: ${models.length} model(s), cache version ${version}, ${shell.length} shell files`);
