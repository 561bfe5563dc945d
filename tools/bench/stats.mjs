// Summary statistics of timing samples: the same definitions as the native
// core/src/bench_stats.cpp (linear-interpolation percentiles, n-1 stddev,
// values rounded to microseconds), so browser and native JSON compare directly.

function sortedPercentile(sorted, p) {
  const rank = (p / 100) * (sorted.length - 1);
  const lower = Math.floor(rank);
  const upper = Math.min(lower + 1, sorted.length - 1);
  return sorted[lower] + (sorted[upper] - sorted[lower]) * (rank - lower);
}

const round = (v) => Math.round(v * 1000) / 1000;

export function summarize(values) {
  if (values.length === 0) {
    return { count: 0, mean: 0, median: 0, p50: 0, p95: 0, p99: 0, min: 0, max: 0, stddev: 0 };
  }
  const sorted = [...values].sort((a, b) => a - b);
  const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
  const p50 = sortedPercentile(sorted, 50);
  const squares = sorted.reduce((a, v) => a + (v - mean) ** 2, 0);
  return {
    count: sorted.length, mean: round(mean), median: round(p50), p50: round(p50),
    p95: round(sortedPercentile(sorted, 95)), p99: round(sortedPercentile(sorted, 99)),
    min: round(sorted[0]), max: round(sorted[sorted.length - 1]),
    stddev: round(sorted.length > 1 ? Math.sqrt(squares / (sorted.length - 1)) : 0),
  };
}

export const STAGES = ['decode', 'preprocess', 'inference', 'postprocess', 'total'];

// {stage: [ms...]} -> {stages: {stage: summary}, samples_ms: {stage: [rounded ms...]}}
export function summarizeStages(samples) {
  const stages = {};
  const rounded = {};
  for (const stage of STAGES) {
    stages[stage] = summarize(samples[stage] ?? []);
    rounded[stage] = (samples[stage] ?? []).map(round);
  }
  return { stages, samples_ms: rounded };
}
