// Memory: after a warm-up (every model used once), 300 classifications with 5
// model switches must not grow the page's JS heap, the worker's JS heap, the
// dxlens core's heap in use or the worker's WebAssembly memories (core + ONNX
// Runtime) by more than 10 MB. All measured after a forced GC, over CDP; the
// figures are printed before / after.
// usage: node tests/e2e/memory_test.mjs --site DIR [--count 300]
import assert from 'node:assert/strict';
import { classify, launch, waitForApp } from './lib/browser.mjs';
import { memoryGrowth, memoryProbe } from './lib/cdp.mjs';
import { gradientPng, greyPng, tissuePng } from './lib/images.mjs';
import { startServer } from './lib/server.mjs';
import { checkNoPageErrors, closeSession, exitWithSummary, mb, parseArgs, siteIndex, stepper } from './lib/suite.mjs';

const LIMIT = 10 * 1048576;
const args = parseArgs();
const COUNT = Number(args.count ?? 300);
const SWITCHES = 5;
const models = siteIndex(args.site).models;
// A shipped whole-image model, the tiny test model and a patch model (the tiny
// one: same code path as the shipped one, a fraction of the time), cycled.
const cycle = [models.find((m) => !m.patch && !m.name.startsWith('tiny_')), models.find((m) => m.name === 'tiny_cnn'),
  models.find((m) => m.name === 'tiny_patch') ?? models.find((m) => m.patch)].filter(Boolean);
assert.equal(cycle.length, 3, 'three models to switch between');
console.log(`  models: ${cycle.map((m) => m.name).join(' -> ')}`);

const imagesFor = (m, n, seed = 0) => Array.from({ length: n }, (_, i) => {
  const s = seed + i;
  // Small images: this test is about what stays behind, not about speed.
  const bytes = m.patch ? tissuePng(192 + (s % 3) * 16, 192, s) : m.input?.[1] === 1 ? greyPng(96 + (s % 7) * 8, 96) : gradientPng(96 + (s % 7) * 8, 80, s);
  return { name: `${m.name}-${s}.png`, bytes };
});

const server = await startServer({ root: args.site });
const { browser, context, page, problems } = await launch({ serviceWorkers: 'block' });
const { step, state } = stepper();
const fmt = (m) => `page JS ${mb(m.pageJsHeap)} MB (+ ${mb(m.pageArrayBuffers)} MB ArrayBuffers, ${mb(m.pageEmbedderHeap)} MB DOM), ` +
  `worker JS ${mb(m.workerJsHeap)} MB (+ ${mb(m.workerArrayBuffers)} MB ArrayBuffers), core heap in use ${mb(m.coreHeapInUse)} MB, ` +
  `core wasm memory ${mb(m.coreWasmMemory)} MB, ORT wasm memory [${m.wasmMemories.map(mb).join(', ')}] MB (performance.memory, coarse: ${mb(m.performanceMemory)} MB)`;
let probe;
try {
  probe = await memoryProbe(context, page);
  await page.goto(server.url);
  await waitForApp(page);
  let before;
  let warmupCount = 0;
  // Segments: c0 c1 c2 c1 c2 c0 (5 switches). The warm-up also ends with 25
  // images of c0, so that the 24 cards that keep their pixels (MAX_VIEWERS in
  // app.js) hold the same kind of images at both measurements.
  const order = [0, 1, 2, 1, 2, 0].map((i) => cycle[i % cycle.length]);
  await step('warm-up: every model loaded and used', async () => {
    for (const m of [...cycle, cycle[0]]) {
      await page.evaluate((n) => window.dxlens.selectModel(n), m.name);
      const records = await classify(page, imagesFor(m, m === cycle[0] ? 25 : 10, 1000));
      assert.deepEqual(records.filter((r) => r.status !== 'ok'), []);
      warmupCount += records.length;
    }
    before = await probe.measure();
    console.log(`  before: ${fmt(before)}`);
  });
  await step(`${COUNT} classifications, ${SWITCHES} model switches: growth under 10 MB`, async () => {
    const t0 = Date.now();
    const per = Math.ceil(COUNT / order.length);
    let done = 0;
    let switches = 0;
    let current = cycle[0];
    for (const m of order) {
      if (m !== current) {
        await page.evaluate((n) => window.dxlens.selectModel(n), m.name);
        switches++;
        current = m;
      }
      const n = Math.min(per, COUNT - done);
      for (let i = 0; i < n; i += 25) {
        const records = await classify(page, imagesFor(m, Math.min(25, n - i), done + i));
        assert.deepEqual(records.filter((r) => r.status !== 'ok').map((r) => r.error), []);
      }
      done += n;
      if (process.env.VERBOSE) console.log(`  ${m.name}: ${done} done at ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    }
    assert.equal(done, COUNT);
    assert.equal(switches, SWITCHES);
    const after = await probe.measure();
    console.log(`  ${done} classifications, ${switches} switches in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    console.log(`  after:  ${fmt(after)}`);
    const growth = memoryGrowth(before, after);
    console.log(`  growth: ${Object.entries(growth).map(([k, v]) => `${k} ${mb(v)} MB`).join(', ')}`);
    console.log(`MEMORY ${JSON.stringify({ count: done, switches, before, after, growth })}`);
    for (const [k, v] of Object.entries(growth)) assert.ok(v <= LIMIT, `${k} grew by ${mb(v)} MB`);
    assert.equal(await page.locator('#batch-table tbody tr').count(), COUNT + warmupCount);
  });
  await checkNoPageErrors(step, problems);
} finally {
  await probe?.detach();
  await closeSession(state, problems, browser, server);
}
exitWithSummary(state);
