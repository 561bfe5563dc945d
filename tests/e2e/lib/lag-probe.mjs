// Responsiveness of a page's main thread while it works: a timer that should
// fire every 50 ms records how late it fires (event-loop lag, what a click or a
// key press would wait), and a PerformanceObserver records long tasks (over
// 50 ms). Both run in the page itself, so the figures are the page's own.
//   const lag = await lagProbe(page, {context: '#status'}); ...work...; const figures = await lag.read();
//   -> {samples, maxLagMs, p99LagMs, longestTaskMs, longTasks, worst: [{lagMs, context}]}
// context: a selector whose text is noted with the worst stalls (what the page was doing).
export async function lagProbe(page, { intervalMs = 50, context = null } = {}) {
  await page.evaluate(({ interval, context }) => {
    const probe = { lags: [], longest: 0, longTasks: 0, worst: [] };
    let last = performance.now();
    probe.timer = setInterval(() => {
      const now = performance.now();
      const lag = Math.max(0, now - last - interval);
      probe.lags.push(lag);
      last = now;
      if (lag > 200) {
        probe.worst.push({ lagMs: Math.round(lag), context: context ? document.querySelector(context)?.textContent?.trim() ?? '' : '' });
        probe.worst.sort((a, b) => b.lagMs - a.lagMs).splice(5);
      }
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
  }, { interval: intervalMs, context });
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
        worst: p.worst,
      };
    }),
  };
}
