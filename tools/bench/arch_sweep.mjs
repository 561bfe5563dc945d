// Architecture sweep, step 2: FP32 vs INT8 inference time of the variants that
// tools/bench/arch_sweep.py built, in ONNX Runtime Web's WASM backend in
// headless Chromium (bench/README.md, "Architecture sweep").
// usage: node tools/bench/arch_sweep.mjs [--runs N] [--warmup N] [--threads 1,2]
//          [--variants a,b] [--batches 1,8] [--out DIR] [--sweep DIR]
//   --sweep: the folder with variants.json (default build/arch_sweep)
//   --out:   where arch_sweep.json and ARCH_SWEEP.md go (default bench/results)
//   --opt-level: ONNX Runtime's graphOptimizationLevel (all|extended|basic|disabled; default all)
//   --pin-batch: freeDimensionOverrides {batch: N} (needs a single --batches N)
// The page (tools/bench/arch_sweep_page/), ONNX Runtime Web's WASM files and the
// models are copied into <sweep>/site/ and served with COOP/COEP by tools/serve.mjs.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { launchBrowser, openPage } from '../../tests/e2e/lib/browser.mjs';
import { startServer } from '../../tests/e2e/lib/server.mjs';
import { summarize } from './stats.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ORT_DIST = path.join(repo, 'node_modules/onnxruntime-web/dist');
// The WASM-only entry and its runtime: the same three files the app ships (tools/build_web.sh).
const ORT_FILES = ['ort.wasm.min.mjs', 'ort-wasm-simd-threaded.mjs', 'ort-wasm-simd-threaded.wasm'];
const PAGE_DIR = path.join(repo, 'tools/bench/arch_sweep_page');
const PYTHON_STEP = '/usr/bin/python3 -m tools.bench.arch_sweep';

function parseArgs(argv) {
  const list = (s) => s.split(',').map((v) => v.trim()).filter(Boolean);
  const o = { runs: 20, warmup: 3, threads: [1, 2], batches: [1, 8], variants: null,
    out: path.join(repo, 'bench/results'), sweep: path.join(repo, 'build/arch_sweep'),
    optLevel: 'all', pinBatch: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--runs') o.runs = Number(next());
    else if (a === '--warmup') o.warmup = Number(next());
    else if (a === '--threads') o.threads = list(next()).map(Number);
    else if (a === '--batches') o.batches = list(next()).map(Number);
    else if (a === '--variants') o.variants = list(next());
    else if (a === '--out') o.out = next();
    else if (a === '--sweep') o.sweep = next();
    else if (a === '--opt-level') o.optLevel = next();
    else if (a === '--pin-batch') o.pinBatch = true;
    else throw new Error(`unknown argument ${a}`);
  }
  const positive = (n) => Number.isInteger(n) && n > 0;
  if (!positive(o.runs) || !(Number.isInteger(o.warmup) && o.warmup >= 0)) throw new Error('--runs > 0, --warmup >= 0');
  if (!o.threads.length || !o.threads.every(positive)) throw new Error('--threads: positive integers, e.g. 1,2');
  if (!o.batches.length || !o.batches.every(positive)) throw new Error('--batches: positive integers, e.g. 1,8');
  if (!['all', 'extended', 'basic', 'disabled'].includes(o.optLevel)) throw new Error('--opt-level: all, extended, basic or disabled');
  if (o.pinBatch && o.batches.length !== 1) throw new Error('--pin-batch needs exactly one --batches value');
  return o;
}

// The session options both variants get (the worker adds the execution provider).
function sessionOptions(o) {
  return { graphOptimizationLevel: o.optLevel,
    ...(o.pinBatch ? { freeDimensionOverrides: { batch: o.batches[0] } } : {}) };
}

// A path as the user would type it: relative to the working directory when inside it.
function show(p) {
  const rel = path.relative(process.cwd(), p);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : p;
}

// variants.json from the Python step, restricted to --variants; every ONNX file must exist.
function loadVariants(sweepDir, names) {
  const index = path.join(sweepDir, 'variants.json');
  if (!fs.existsSync(index)) {
    throw new Error(`${show(index)} not found: build the variants first with\n` +
      `  ${PYTHON_STEP}\n(from the repository root; see bench/README.md, "Architecture sweep")`);
  }
  const doc = JSON.parse(fs.readFileSync(index, 'utf8'));
  const byName = new Map(doc.variants.map((v) => [v.name, v]));
  const unknown = (names ?? []).filter((n) => !byName.has(n));
  if (unknown.length) {
    throw new Error(`--variants: ${unknown.join(', ')} not in ${show(index)} (it has: ${[...byName.keys()].join(', ')}); ` +
      `add them to VARIANTS in tools/bench/arch_sweep.py and rerun ${PYTHON_STEP}`);
  }
  const variants = names ? names.map((n) => byName.get(n)) : doc.variants;
  for (const v of variants) {
    for (const file of Object.values(v.files)) {
      if (!fs.existsSync(path.join(sweepDir, file))) throw new Error(`${show(path.join(sweepDir, file))} missing: rerun ${PYTHON_STEP}`);
    }
  }
  return { doc, variants };
}

// <sweep>/site: the page, ORT's files and the models. Copies, not symlinks:
// tools/serve.mjs refuses files whose real path is outside the served root.
function prepareSite(sweepDir, variants) {
  const site = path.join(sweepDir, 'site');
  fs.rmSync(site, { recursive: true, force: true });
  fs.mkdirSync(path.join(site, 'ort'), { recursive: true });
  for (const f of ORT_FILES) {
    const src = path.join(ORT_DIST, f);
    if (!fs.existsSync(src)) throw new Error(`${src} missing: run npm ci (tools/setup.sh)`);
    fs.copyFileSync(src, path.join(site, 'ort', f));
  }
  for (const f of fs.readdirSync(PAGE_DIR)) fs.copyFileSync(path.join(PAGE_DIR, f), path.join(site, f));
  for (const v of variants) {
    for (const file of Object.values(v.files)) {
      fs.mkdirSync(path.join(site, path.dirname(file)), { recursive: true });
      fs.copyFileSync(path.join(sweepDir, file), path.join(site, file));
    }
  }
  return site;
}

function machineInfo() {
  const cpuinfo = fs.existsSync('/proc/cpuinfo') ? fs.readFileSync('/proc/cpuinfo', 'utf8') : '';
  let nproc = os.cpus().length;
  try {
    nproc = Number(execFileSync('nproc', { encoding: 'utf8' }).trim()); // honours CPU affinity, like the shell's nproc
  } catch { /* os.cpus() it is */ }
  return {
    cpu: cpuinfo.match(/^model name\s*:\s*(.+)$/m)?.[1] ?? os.cpus()[0]?.model ?? 'unknown',
    nproc,
    memory_mb: Math.round(os.totalmem() / 2 ** 20),
    load_average_start: os.loadavg().map((v) => Math.round(v * 100) / 100),
  };
}

// One page per thread count (ORT fixes its thread pool at the first session).
// Returns the page's info, or null (with a note in skipped) when threads > 1
// cannot work because the page is not crossOriginIsolated.
async function openSweepPage(browser, url, threads, skipped) {
  const { context, page, problems } = await openPage(browser);
  await page.goto(`${url}index.html?threads=${threads}`);
  await page.waitForFunction(() => window.sweep !== undefined);
  const info = await page.evaluate(() => window.sweep.ready);
  if (threads > 1 && !(info.isolated && info.pageIsolated)) {
    skipped.push(`threads ${threads}: page is not crossOriginIsolated, so ONNX Runtime cannot use threads`);
    await context.close();
    return null;
  }
  return { context, page, problems, info };
}

const round = (v) => Math.round(v * 1000) / 1000;

// Summary of one (variant, threads, batch): medians, p95, the fp32/int8 ratio
// of medians (> 1: INT8 is faster) and ms per image.
function summarizeCase(variant, threads, batch, timing, samples) {
  const fp32 = summarize(samples.fp32);
  const int8 = summarize(samples.int8);
  return {
    variant: variant.name, threads, batch,
    mmacs: variant.mmacs,
    fp32, int8,
    ratio_fp32_over_int8: round(fp32.median / int8.median),
    ms_per_image: { fp32: round(fp32.median / batch), int8: round(int8.median / batch) },
    session_ms: { fp32: round(timing.session_ms.fp32), int8: round(timing.session_ms.int8) },
    samples_ms: { fp32: samples.fp32.map(round), int8: samples.int8.map(round) },
  };
}

async function sweepThreads(browser, url, threads, variants, o, skipped, warnings) {
  const opened = await openSweepPage(browser, url, threads, skipped);
  if (!opened) return { info: null, results: [] };
  const results = [];
  try {
    for (const v of variants) {
      process.stderr.write(`[arch_sweep] threads ${threads}: ${v.name} ...`);
      const timing = await opened.page.evaluate((args) => window.sweep.time(args), {
        fp32Url: v.files.fp32, int8Url: v.files.int8, chw: [v.channels, v.input_size, v.input_size],
        batches: o.batches, warmup: o.warmup, runs: o.runs, sessionOptions: sessionOptions(o),
      });
      for (const r of timing.results) results.push(summarizeCase(v, threads, r.batch, timing, r.samples_ms));
      const last = results.slice(-timing.results.length);
      process.stderr.write(` ${last.map((r) => `b${r.batch} fp32/int8 ${r.ratio_fp32_over_int8.toFixed(2)}`).join(', ')}\n`);
    }
    // Failures inside a run already threw; anything else the page logged as an
    // error is kept with the results, since it may explain an odd timing.
    const { problems } = opened;
    for (const p of [...problems.page, ...problems.console, ...problems.requests]) warnings.push(`threads ${threads}: ${p}`);
  } finally {
    await opened.context.close();
  }
  return { info: opened.info, results };
}

const fmt = (v, digits = 2) => Number(v).toFixed(digits);

function resultsTable(results) {
  const rows = [
    '| variant | MMACs | threads | batch | fp32 median ms | fp32 p95 ms | int8 median ms | int8 p95 ms | fp32/int8 | fp32 ms/img | int8 ms/img |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of results) {
    rows.push(`| ${r.variant} | ${fmt(r.mmacs, 1)} | ${r.threads} | ${r.batch} | ${fmt(r.fp32.median)} | ${fmt(r.fp32.p95)} | ` +
      `${fmt(r.int8.median)} | ${fmt(r.int8.p95)} | **${fmt(r.ratio_fp32_over_int8)}** | ${fmt(r.ms_per_image.fp32)} | ` +
      `${fmt(r.ms_per_image.int8)} |`);
  }
  return rows.join('\n');
}

function variantsTable(variants) {
  const rows = [
    '| variant | input | stem | widths | blocks | MMACs | params | fp32 bytes | int8 bytes | QLinearConv / convs | float Conv |',
    '|---|---|---|---|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const v of variants) {
    // Shipped models (arch_sweep.py --shipped) have no sweep shape: their folder and version instead.
    const stem = v.shipped ? v.shipped : v.stem ? `${v.stem.kernel}×${v.stem.kernel}/${v.stem.stride} → ${v.stem.width}` : '3×3/2';
    const blocks = v.shipped ? '' : Array.isArray(v.blocks) ? v.blocks.join(',') : (v.blocks ?? 2);
    rows.push(`| ${v.name} | ${v.channels}×${v.input_size}×${v.input_size} | ${stem} | ${v.widths?.join(',') ?? ''} | ${blocks} | ${fmt(v.mmacs, 1)} | ` +
      `${v.params} | ${v.bytes.fp32} | ${v.bytes.int8} | ${v.ops_int8.QLinearConv} / ${v.convs} | ${v.ops_int8.float_Conv} |`);
  }
  return rows.join('\n');
}

// The hand-written findings between these markers in an existing report are
// kept when the report is written again: they say what the numbers mean.
const FINDINGS = /<!-- findings -->[\s\S]*?<!-- \/findings -->\n?/;

function keptFindings(reportPath) {
  if (!fs.existsSync(reportPath)) return '';
  return fs.readFileSync(reportPath, 'utf8').match(FINDINGS)?.[0] ?? '';
}

function markdownReport(out, findings) {
  const m = out.machine;
  return `# Architecture sweep: when does INT8 pay off in ONNX Runtime Web (WASM)?

${findings}
Random-initialised CompactCNN variants (tools/bench/arch_sweep.py), FP32 vs our
QDQ INT8 (minmax calibration), timed in headless Chromium with ONNX Runtime Web
${out.runtime.onnxruntime_web}'s WASM backend (session options \`${JSON.stringify(out.config.session_options)}\`, in a dedicated worker).
Per variant, threads and batch: ${out.config.warmup} warm-up and ${out.config.runs} timed \`session.run\`
calls of each, alternating fp32 and int8 run by run; a random float32 input.
**fp32/int8** is the ratio of the medians: above 1, INT8 is faster.

- Date: ${out.created}
- Machine: ${m.cpu}, nproc ${m.nproc}, ${m.memory_mb} MB; load average at start ${m.load_average_start.join(' ')}, at end ${m.load_average_end.join(' ')}
- Browser: ${out.runtime.browser}; crossOriginIsolated: ${out.runtime.cross_origin_isolated}
${m.load_average_start[0] > m.nproc / 2 ? `- **Warning**: load average ${m.load_average_start[0]} on ${m.nproc} CPUs at start: other work shared the CPU, so the timings are inflated and noisy. Rerun on an idle machine.\n` : ''}${out.skipped.length ? `- Skipped: ${out.skipped.join('; ')}\n` : ''}${out.page_warnings.length ? `- Page warnings: ${out.page_warnings.join('; ')}\n` : ''}
## Results

${resultsTable(out.results)}

## Variants

${variantsTable(out.variants)}

Stem: kernel/stride → channels. Blocks: 3×3 convs per stage.
MACs: the convs and the final linear layer, per image. QLinearConv / convs:
ONNX Runtime's optimised INT8 graph (\`quantization.json\`); every conv should be
a QLinearConv, or part of the INT8 model runs in float.

## Commands

\`\`\`
${out.commands.build}
${out.commands.sweep}
\`\`\`

Raw timings (every run) and summaries: \`arch_sweep.json\` next to this file.
`;
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const sweepDir = path.resolve(o.sweep); // given paths are relative to the working directory
  const { doc, variants } = loadVariants(sweepDir, o.variants);
  const machine = machineInfo(); // load average before anything of ours runs
  const site = prepareSite(sweepDir, variants);
  const server = await startServer({ root: site });
  const browser = await launchBrowser();
  const skipped = [];
  const warnings = [];
  const results = [];
  let info = null;
  try {
    for (const threads of o.threads) {
      const run = await sweepThreads(browser, server.url, threads, variants, o, skipped, warnings);
      info ??= run.info;
      results.push(...run.results);
    }
  } finally {
    await browser.close().catch(() => {});
    await server.stop();
  }
  machine.load_average_end = os.loadavg().map((v) => Math.round(v * 100) / 100);

  const out = {
    schema: 'dxlens-arch-sweep/1',
    created: new Date().toISOString(),
    commands: {
      build: doc.command,
      sweep: ['node tools/bench/arch_sweep.mjs', ...process.argv.slice(2)].join(' '),
    },
    machine,
    runtime: {
      browser: `Chromium ${browser.version()}`,
      onnxruntime_web: info?.ortVersion ?? 'unknown',
      user_agent: info?.userAgent ?? '',
      cross_origin_isolated: info ? info.isolated && info.pageIsolated : null,
      hardware_concurrency: info?.hardwareConcurrency ?? null,
    },
    config: { runs: o.runs, warmup: o.warmup, threads: o.threads, batches: o.batches,
      order: 'alternating fp32, int8 per run', session_options: sessionOptions(o) },
    variants,
    results,
    skipped,
    page_warnings: warnings,
  };
  const outDir = path.resolve(o.out);
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, 'arch_sweep.json'), `${JSON.stringify(out, null, 1)}\n`);
  const reportPath = path.join(outDir, 'ARCH_SWEEP.md');
  fs.writeFileSync(reportPath, markdownReport(out, keptFindings(reportPath)));
  console.log(resultsTable(results));
  for (const s of skipped) console.log(`skipped: ${s}`);
  for (const w of warnings) console.error(`[arch_sweep] page warning: ${w}`);
  console.error(`[arch_sweep] wrote ${show(outDir)}/arch_sweep.json and ARCH_SWEEP.md`);
}

main().catch((error) => {
  console.error(`arch_sweep: ${error.message}`);
  process.exit(1);
});
