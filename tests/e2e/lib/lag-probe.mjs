// Responsiveness of a page's main thread while it works: a timer that should
// fire every 50 ms records how late it fires (event-loop lag, what a click or a
// key press would wait), and a PerformanceObserver records long tasks (over
// 50 ms). Both run in the page itself, so the figures are the page's own.
//   const lag = await lagProbe(page); ...work...; const figures = await lag.read();
//   -> {samples, maxLagMs, p99LagMs, longestTaskMs, longTasks}
export async function lagProbe(page, { intervalMs = 50 } = {}) {
  await page.evaluate((interval) => {
    const probe = { lags: [], longest: 0, longTasks: 0 };
    let last = performance.now();
    probe.timer = setInterval(() => {
      const now = performance.now();
      probe.lags.push(Math.max(0, now - last - interval));
      last = now;
    }, interval);
    try {
      probe.observer = new PerformanceObserver((list) => {
        for (const e of list.getEntries()) {
          probe.longTasks++;
          probe.longest = Math.max(probe.longest, e.duration);
        }
      });
      probe.observer.observe({ type: 'longtask' });
    } catch {
      // no Long Tasks API: the lag figures still stand
    }
    window.__lagProbe = probe;
  }, intervalMs);
  return {
    read: () => page.evaluate(() => {
      const p = window.__lagProbe;
      clearInterval(p.timer);
      p.observer?.disconnect();
      const sorted = [...p.lags].sort((a, b) => a - b);
      return {
        samples: sorted.length,
        maxLagMs: sorted.at(-1) ?? 0,
        p99LagMs: sorted[Math.floor(sorted.length * 0.99)] ?? 0,
        longestTaskMs: p.longest,
        longTasks: p.longTasks,
      };
    }),
  };
}
