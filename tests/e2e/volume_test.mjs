// Volume in the page: N mixed inputs (tools/volume/make_inputs.py: valid images
// of every mode, and truncated, corrupt, empty, huge-header, wrong-format,
// random and fuzzer-made files) dropped in batches on the file input, as a
// user would (File objects the page reads itself).
// Checks: every file gets a batch-table row, in order, with a result or an
// error that has a code and a one-line message; valid images classify and
// refused kinds are refused; the page stays responsive (an event-loop lag
// probe and the longest task, measured in the page during the run); memory
// stays flat after the first batch (as memory_test.mjs measures it); the lag
// and memory figures cover every batch after the first (the warm-up).
// usage: node tests/e2e/volume_test.mjs --site DIR [--count 200] [--batch 50] [--python /usr/bin/python3]
//        [--work DIR (inputs made there, kept) | --inputs DIR (reuse inputs made by make_inputs.py)] [--model NAME]
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launch, waitForApp } from './lib/browser.mjs';
import { memoryGrowth, memoryProbe } from './lib/cdp.mjs';
import { lagProbe } from './lib/lag-probe.mjs';
import { startServer } from './lib/server.mjs';
import { checkNoPageErrors, closeSession, exitWithSummary, mb, parseArgs, repo, siteIndex, stepper } from './lib/suite.mjs';

const args = parseArgs();
const COUNT = Number(args.count ?? 200);
const BATCH = Number(args.batch ?? 50);
const MEMORY_LIMIT = 10 * 1048576;  // as memory_test.mjs
const LAG_LIMIT_MS = Number(args['lag-limit'] ?? 1000);  // no freeze a user would take for a hang
const models = siteIndex(args.site).models;
const model = models.find((m) => m.name === args.model) ?? models.find((m) => m.name === 'plant_leaf')
  ?? models.find((m) => m.name === 'tiny_cnn');

// The inputs: made here (in --work, else a temporary folder) unless --inputs names a folder made before.
const scratch = args.inputs || args.work ? null : fs.mkdtempSync(path.join(os.tmpdir(), 'dxlens-volume-'));
const folder = args.inputs ? path.resolve(args.inputs) : path.join(args.work ? path.resolve(args.work) : scratch, 'inputs');
if (!args.inputs) {
  execFileSync(args.python ?? '/usr/bin/python3', [path.join(repo, 'tools/volume/make_inputs.py'), '--out', folder,
    '--count', String(COUNT), '--seed', String(args.seed ?? 13)], { stdio: 'inherit' });
}
const inputs = fs.readFileSync(path.join(folder, 'inputs.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l)).slice(0, COUNT);
console.log(`  model ${model.name}, ${inputs.length} inputs in batches of ${BATCH}`);

const server = await startServer({ root: args.site });
const { browser, context, page, problems } = await launch({ serviceWorkers: 'block' });
const { step, state } = stepper();
const figures = { model: model.name, inputs: inputs.length, batch: BATCH };
let probe;

// Files by path: the browser reads them itself, as with a real drop (buffers
// would be decoded from base64 by a Playwright script on the page's main
// thread, which is the harness's cost, not the page's).
async function dropBatch(batch, already) {
  await page.setInputFiles('#file-input', batch.map((i) => path.join(folder, i.file)));
  await page.waitForFunction((n) => document.querySelectorAll('#batch-table tbody tr').length >= n, already + batch.length,
    { timeout: 300000 });
  await page.evaluate(() => window.dxlens.idle());
}

try {
  probe = await memoryProbe(context, page);
  await page.goto(server.url);
  await waitForApp(page);
  await page.evaluate((n) => window.dxlens.selectModel(n), model.name);

  let before;
  let lag;
  await step(`${inputs.length} mixed inputs dropped in batches of ${BATCH}`, async () => {
    const t0 = Date.now();
    for (let i = 0; i < inputs.length; i += BATCH) {
      await dropBatch(inputs.slice(i, i + BATCH), i);
      // The first batch is the warm-up: every code path (each format, each
      // error) has run once. Memory is measured from here, and the lag probe
      // starts after that measurement (its forced GC is the test's, not the page's).
      if (i === 0) {
        before = await probe.measure();
        lag = await lagProbe(page, { context: '#batch-progress-wrap' });
      }
      if (process.env.VERBOSE) console.log(`  ${i + BATCH} done at ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    }
    lag ??= await lagProbe(page);  // one batch only: nothing after the warm-up to probe
    figures.seconds = (Date.now() - t0) / 1000;
    console.log(`  ${inputs.length} inputs in ${figures.seconds.toFixed(1)} s`);
  });

  await step('every row has a result or an error with a code and a one-line message', async () => {
    const rows = await page.locator('#batch-table tbody tr').evaluateAll((trs) => trs.map((tr) => ({
      file: tr.dataset.file, status: tr.dataset.status, top: tr.dataset.topLabel, text: tr.lastElementChild.textContent })));
    const records = await page.evaluate(() => window.dxlens.results());
    assert.equal(rows.length, inputs.length, 'one row per input');
    const problemsFound = [];
    const counts = {};
    inputs.forEach((input, i) => {
      const row = rows[i];
      const record = records[i];
      const outcome = row.status === 'ok' ? 'ok' : record.code;
      counts[outcome] = (counts[outcome] ?? 0) + 1;
      if (row.file !== input.file) problemsFound.push(`row ${i + 1}: ${row.file}, expected ${input.file}`);
      else if (row.status === 'ok' && !row.top) problemsFound.push(`${input.file}: ok without a top label`);
      else if (row.status === 'error' && (!record.code || record.code === 'error' || !record.error?.trim() || /\n/.test(record.error)
        || !row.text.trim())) problemsFound.push(`${input.file}: unclear error [${record.code}] ${JSON.stringify(record.error)}`);
      else if (!['ok', 'error'].includes(row.status)) problemsFound.push(`${input.file}: status ${row.status}`);
      else if (input.expect === 'ok' && row.status !== 'ok') problemsFound.push(`${input.file}: valid ${input.kind} refused: [${record.code}] ${record.error}`);
      else if (input.expect === 'error' && row.status === 'ok') problemsFound.push(`${input.file}: bad ${input.kind} classified`);
    });
    figures.outcomes = counts;
    figures.rows = { ok: rows.filter((r) => r.status === 'ok').length, error: rows.filter((r) => r.status === 'error').length };
    console.log(`  rows: ${figures.rows.ok} results, ${figures.rows.error} errors; by outcome ${JSON.stringify(counts)}`);
    assert.deepEqual(problemsFound.slice(0, 20), []);
  });

  await step(`the page stayed responsive (event-loop lag under ${LAG_LIMIT_MS} ms)`, async () => {
    figures.lag = await lag.read();
    console.log(`  event-loop lag: max ${figures.lag.maxLagMs.toFixed(0)} ms, p99 ${figures.lag.p99LagMs.toFixed(0)} ms over ${figures.lag.samples} probes; ` +
      `longest task ${figures.lag.longestTaskMs.toFixed(0)} ms (${figures.lag.longTasks} tasks over 50 ms)`);
    for (const w of figures.lag.worst) console.log(`    stall ${w.lagMs} ms while: ${w.context}`);
    assert.ok(figures.lag.maxLagMs < LAG_LIMIT_MS, `the main thread was blocked for ${figures.lag.maxLagMs.toFixed(0)} ms`);
  });

  await step('memory flat after the first batch (growth under 10 MB)', async () => {
    const after = await probe.measure();
    const growth = memoryGrowth(before, after);
    figures.memory = { before, after, growth };
    const show = (m) => `page JS ${mb(m.pageJsHeap)} MB, worker JS ${mb(m.workerJsHeap)} MB, core heap ${mb(m.coreHeapInUse)} MB ` +
      `of ${mb(m.coreWasmMemory)} MB, ORT wasm ${mb(m.wasmMemoryTotal)} MB`;
    console.log(`  before (after batch 1): ${show(before)}`);
    console.log(`  after:                  ${show(after)}`);
    console.log(`  growth: ${Object.entries(growth).map(([k, v]) => `${k} ${mb(v)} MB`).join(', ')}`);
    for (const [k, v] of Object.entries(growth)) assert.ok(v <= MEMORY_LIMIT, `${k} grew by ${mb(v)} MB`);
  });
  await checkNoPageErrors(step, problems);
  console.log(`VOLUME ${JSON.stringify(figures)}`);
} finally {
  await probe?.detach();
  await closeSession(state, problems, browser, server);
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
}
exitWithSummary(state);
