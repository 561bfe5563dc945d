// Browser benchmark: headless Chromium on a locally served site, timing the
// app's own worker code (web/worker/) with the same stages, statistics and JSON
// schema as `dxlens bench` (bench/README.md). The timing loops live in
// tools/bench/web/bench-worker.js, which this script copies into the site as
// bench/ (the app itself ships no benchmark code).
// usage: node tools/bench/browser_bench.mjs --site DIR --images DIR --out FILE
//          [--runs N] [--warmup N] [--threads 1,2] [--memory N] [--quick]
//          [--scenarios single_image,app_classify] [--no-cold-start]   (a part only; --memory 0: no soak)
//          [--preview-side N]   (app mode: instead of the size the page asks for in this window)
//   DIR (site): built by tools/build_web.sh, plus every variant's ONNX file
//   (run_all.sh copies the fp32 files next to the int8 ones).
//   --images: from tools/bench/make_images.py.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { launchBrowser, openPage, waitForApp } from '../../tests/e2e/lib/browser.mjs';
import { startServer } from '../../tests/e2e/lib/server.mjs';
import { summarizeStages } from './stats.mjs';
import { measureColdStart } from './cold_start.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function parseArgs(argv) {
  const o = { runs: 20, warmup: 3, threads: [1, 2], memory: 1000, quick: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => argv[++i];
    if (a === '--site') o.site = next();
    else if (a === '--images') o.images = next();
    else if (a === '--out') o.out = next();
    else if (a === '--runs') o.runs = Number(next());
    else if (a === '--warmup') o.warmup = Number(next());
    else if (a === '--threads') o.threads = next().split(',').map(Number);
    else if (a === '--memory') o.memory = Number(next());
    else if (a === '--quick') o.quick = true;
    else if (a === '--scenarios') o.scenarios = next().split(',');
    else if (a === '--no-cold-start') o.noColdStart = true;
    else if (a === '--preview-side') o.previewSide = Number(next());
    else throw new Error(`unknown argument ${a}`);
  }
  if (!o.site || !o.images || !o.out) throw new Error('usage: browser_bench.mjs --site DIR --images DIR --out FILE');
  return o;
}

// What each scenario runs. The slow patch modes get few runs, and "all" and
// "naive" only the variant the page ships (int8 when present), so the whole
// benchmark stays within a few minutes on a 2-core machine.
function scenarios(o) {
  const few = (n) => Math.max(2, Math.round(o.runs * n));
  return allScenarios(o, few).filter((s) => !o.scenarios || o.scenarios.includes(s.scenario));
}

function allScenarios(o, few) {
  return [
    { scenario: 'single_image', model: 'chest_xray', image: 'xray_1024.jpg', mode: 'whole', batches: [1, 8], runs: o.runs },
    { scenario: 'single_image', model: 'plant_leaf', image: 'photo_224.jpg', mode: 'whole', batches: [1], runs: o.runs },
    { scenario: 'app_classify', model: 'chest_xray', image: 'xray_1024.jpg', mode: 'app', batches: [1], runs: few(0.5), oneThread: true },
    { scenario: 'patches_sampled', model: 'histopathology', image: 'tissue_4096.jpg', mode: 'patches', patchMode: 'sampled', batches: [16], runs: few(0.2), warmup: 1 },
    { scenario: 'patches_all', model: 'histopathology', image: 'tissue_4096.jpg', mode: 'patches', patchMode: 'all', batches: [16], runs: 2, warmup: 1, shippedOnly: true },
    { scenario: 'patches_naive', model: 'histopathology', image: 'tissue_4096.jpg', mode: 'patches', patchMode: 'naive', batches: [1], runs: 2, warmup: 0, shippedOnly: true, oneThread: true },
  ];
}

function imageInfo(dir, name) {
  const bytes = fs.readFileSync(path.join(dir, name));
  // JPEG SOF0/SOF2 carries height then width; enough for our own images.
  let width = 0;
  let height = 0;
  for (let i = 2; i < bytes.length - 9; i++) {
    if (bytes[i] === 0xff && (bytes[i + 1] === 0xc0 || bytes[i + 1] === 0xc2)) {
      height = bytes.readUInt16BE(i + 5);
      width = bytes.readUInt16BE(i + 7);
      break;
    }
  }
  return { name, width, height, bytes: bytes.length, base64: bytes.toString('base64') };
}

// Accuracy next to each speed figure, from the site's copy of eval.<variant>.json.
function accuracy(site, model, variant) {
  const file = path.join(site, 'models', model, `eval.${variant}.json`);
  if (!fs.existsSync(file)) return null;
  const e = JSON.parse(fs.readFileSync(file, 'utf8'));
  const out = { source: path.relative(repo, path.join('models', model, `eval.${variant}.json`)) };
  for (const k of ['accuracy', 'balanced_accuracy', 'macro_f1', 'macro_auroc', 'images', 'data']) if (k in e) out[k] = e[k];
  return out;
}

// Every variant of `model` whose file is in the site, as a models/index.json entry.
function variantEntries(site, entry) {
  const manifest = JSON.parse(fs.readFileSync(path.join(site, 'models', entry.name, 'manifest.json'), 'utf8'));
  return Object.entries(manifest.files ?? {})
    .filter(([, f]) => fs.existsSync(path.join(site, 'models', entry.name, f.path)))
    .map(([variant, f]) => ({
      ...entry, variant, file: f.path, sha256: f.sha256,
      bytes: fs.statSync(path.join(site, 'models', entry.name, f.path)).size,
    }));
}

// The benchmark worker (the app's worker operations plus `bench`) into the site.
function installBenchWorker(site) {
  const dest = path.join(site, 'bench');
  fs.rmSync(dest, { recursive: true, force: true });
  fs.cpSync(path.join(repo, 'tools/bench/web'), dest, { recursive: true });
}

// In the page: one dedicated worker per thread count (ORT fixes its thread
// pool when the first session is created).
async function openWorker(page, threads) {
  return page.evaluate(async (t) => {
    const { WorkerClient } = await import('/page/worker-client.js');
    window.__bench ??= { workers: {}, images: {} };
    const client = new WorkerClient(new URL('/bench/bench-worker.js', location.href));
    window.__bench.workers[t] = client;
    return client.call('init', { threads: t });
  }, threads);
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  if (o.quick) Object.assign(o, { runs: 4, warmup: 1, memory: 50 });
  const site = path.resolve(o.site);
  const index = JSON.parse(fs.readFileSync(path.join(site, 'models', 'index.json'), 'utf8'));
  const images = Object.fromEntries(['xray_1024.jpg', 'photo_224.jpg', 'tissue_4096.jpg']
    .map((n) => [n, imageInfo(o.images, n)]));
  installBenchWorker(site);
  const loadBefore = os.loadavg()[0];
  const server = await startServer({ root: site });
  const browser = await launchBrowser({ extraArgs: ['--enable-blink-features=ForceEagerMeasureMemory'] });
  const out = {
    schema: 'dxlens-bench/1', runtime: 'wasm', runtime_detail: {}, machine: {},
    command: `node tools/bench/browser_bench.mjs ${process.argv.slice(2).join(' ')}`,
    results: [], memory: [], cold_start: [], skipped: [],
  };
  try {
    if (!o.noColdStart) out.cold_start = await measureColdStart(browser, server.url, images['xray_1024.jpg'], { repeats: o.quick ? 1 : 3 });

    const { page, problems } = await openPage(browser);
    await page.goto(server.url);
    await waitForApp(page);
    out.runtime_detail = {
      user_agent: await page.evaluate(() => navigator.userAgent),
      cross_origin_isolated: await page.evaluate(() => self.crossOriginIsolated),
      onnxruntime_web: (await page.evaluate(() => window.dxlens.runtime))?.ortVersion ?? null,
      browser: browser.version(),
    };
    await page.evaluate((imgs) => {
      window.__bench ??= { workers: {}, images: {} };
      for (const [name, b64] of Object.entries(imgs)) {
        window.__bench.images[name] = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)).buffer;
      }
    }, Object.fromEntries(Object.entries(images).map(([n, i]) => [n, i.base64])));

    // The preview size the app asks for in this window ('app' mode times the same).
    const previewSide = o.previewSide ?? await page.evaluate(() => window.dxlens.previewSide());
    out.runtime_detail.preview_side = previewSide;
    const threadList = out.runtime_detail.cross_origin_isolated ? o.threads : [1];
    if (threadList.length < o.threads.length) out.skipped.push('threads > 1: page is not crossOriginIsolated');
    for (const threads of threadList) {
      const runtime = await openWorker(page, threads);
      for (const entry of index.models) {
        for (const variantEntry of variantEntries(site, entry)) {
          const wanted = scenarios(o).filter((s) => s.model === entry.name && !(s.oneThread && threads > 1) &&
            !(s.shippedOnly && variantEntry.variant !== entry.variant));
          if (wanted.length === 0) continue;
          const t0 = Date.now();
          let info;
          try {
            info = await page.evaluate(([t, e]) => window.__bench.workers[t].call('loadModel', { entry: e }),
              [threads, variantEntry]);
          } catch (e) {
            out.skipped.push(`${entry.name} ${variantEntry.variant}: ${e.message}`);
            continue;
          }
          for (const s of wanted) {
            for (const batch of s.batches) {
              const r = await page.evaluate(([t, args, imageName]) =>
                window.__bench.workers[t].call('bench', { ...args, bytes: window.__bench.images[imageName] }),
              [threads, { model: entry.name, mode: s.mode, patchMode: s.patchMode, batch, warmup: s.warmup ?? o.warmup, runs: s.runs,
                previewSide }, s.image]);
              const { image: img } = { image: images[s.image] };
              out.results.push({
                scenario: s.scenario, model: entry.name, variant: variantEntry.variant, provider: 'wasm',
                threads: runtime.threads, batch: r.batch, warmup: s.warmup ?? o.warmup, runs: s.runs,
                image: { name: img.name, width: img.width, height: img.height, bytes: img.bytes },
                ...(r.patches ? { patches: r.patches } : {}),
                session_ms: Math.round(info.sessionMs * 1000) / 1000,
                ...summarizeStages(r.samples),
                // mode 'app': the pipeline alone, run after each app run (same load), and the ratio of medians
                ...(r.pipelineSamples ? {
                  pipeline_interleaved: summarizeStages(r.pipelineSamples).stages,
                  app_over_pipeline: summarizeStages(r.samples).stages.total.p50 / summarizeStages(r.pipelineSamples).stages.total.p50,
                } : {}),
                accuracy: accuracy(site, entry.name, variantEntry.variant),
              });
              const last = out.results[out.results.length - 1];
              console.error(`browser_bench: ${s.scenario} ${entry.name} ${variantEntry.variant} threads ${runtime.threads} ` +
                `batch ${r.batch}: total p50 ${last.stages.total.p50} ms` +
                (last.pipeline_interleaved ? ` (pipeline alone, interleaved: ${last.pipeline_interleaved.total.p50} ms; ` +
                  `app / pipeline ${last.app_over_pipeline.toFixed(2)}×)` : '') +
                ` (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
            }
          }
          await page.evaluate(([t, name]) => window.__bench.workers[t].call('unloadModel', { name }), [threads, entry.name]);
        }
      }
      await page.evaluate((t) => window.__bench.workers[t].terminate(), threads);
    }
    if (o.memory > 0) out.memory.push(await memorySoak(page, site, index, o));
    if (problems.page.length) out.skipped.push(`page errors: ${problems.page.join('; ')}`);
  } finally {
    await browser.close();
    await server.stop();
  }
  out.machine = {
    cpu: os.cpus()[0]?.model ?? 'unknown', logical_cores: os.cpus().length,
    memory_mb: Math.round(os.totalmem() / 1048576), load_average_before: loadBefore, load_average_after: os.loadavg()[0],
  };
  fs.mkdirSync(path.dirname(path.resolve(o.out)), { recursive: true });
  fs.writeFileSync(o.out, `${JSON.stringify(out, null, 2)}\n`);
  console.error(`browser_bench: wrote ${o.out}`);
}

// 1000 classifications of the 1024² X-ray in a fresh 1-thread worker; memory
// from performance.measureUserAgentSpecificMemory (page + workers: JS heaps and
// wasm memories; needs crossOriginIsolated), and the core's wasm heap.
async function memorySoak(page, site, index, o) {
  const entry = index.models.find((m) => m.name === 'chest_xray');
  await openWorker(page, 1);
  await page.evaluate((e) => window.__bench.workers[1].call('loadModel', { entry: e }), entry);
  const measure = () => page.evaluate(async () => {
    if (!performance.measureUserAgentSpecificMemory) return null;
    const m = await performance.measureUserAgentSpecificMemory();
    const byType = {};
    for (const b of m.breakdown) for (const t of b.types) byType[t] = (byType[t] ?? 0) + b.bytes;
    return { bytes: m.bytes, byType };
  });
  const run = (runs) => page.evaluate(([n, w]) => window.__bench.workers[1].call('bench',
    { model: 'chest_xray', mode: 'whole', batch: 1, warmup: w, runs: 1, memoryRuns: n, bytes: window.__bench.images['xray_1024.jpg'] }), [runs, o.warmup]);
  const start = await measure();
  const first = await run(Math.max(1, Math.round(o.memory / 10)));
  const early = await measure();
  const t0 = Date.now();
  const rest = await run(o.memory - Math.round(o.memory / 10));
  const steady = await measure();
  await page.evaluate(() => window.__bench.workers[1].terminate());
  const mb = (b) => (b == null ? null : Math.round((b / 1048576) * 1000) / 1000);
  return {
    scenario: 'memory', model: 'chest_xray', variant: entry.variant, threads: 1, classifications: o.memory,
    measure: 'performance.measureUserAgentSpecificMemory (JS heaps + wasm memories of page and workers)',
    start_mb: mb(start?.bytes), early_mb: mb(early?.bytes), steady_mb: mb(steady?.bytes),
    peak_mb: mb(Math.max(...[start, early, steady].map((m) => m?.bytes ?? 0))) || null,
    growth_mb: early && steady ? mb(steady.bytes - early.bytes) : null,
    breakdown_mb: steady ? Object.fromEntries(Object.entries(steady.byType).map(([k, v]) => [k, mb(v)])) : null,
    core_heap_mb: mb(rest.coreHeapBytes), core_heap_trace_mb: [...first.memoryTrace, ...rest.memoryTrace].map(mb),
    soak_seconds: (Date.now() - t0) / 1000,
  };
}

main().catch((e) => {
  console.error(`browser_bench: ${e.stack ?? e}`);
  process.exit(1);
});
