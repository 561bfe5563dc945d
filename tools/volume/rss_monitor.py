"""Runs one process and samples its resident memory every 100 ms: RssAnon
from /proc/PID/status (heap, stacks: what a leak grows; VmRSS also counts
pages of mapped files such as libonnxruntime.so, which the kernel drops and
reloads under memory pressure from other processes, so it is noisy on a shared
machine), together with how far it has got: the number
of stdout lines and stderr lines that `count_line` says mark a finished input
(pipes are read by threads, so the process never blocks on a full pipe).

    run = monitor(cmd, count_line=lambda stream, line: ...)
    run.returncode, run.stdout, run.stderr_lines, run.samples  # [(seconds, rss_kb, done)]
"""
import subprocess
import threading
import time
from dataclasses import dataclass, field


@dataclass
class Run:
    returncode: int = 0
    stdout: str = ""
    stderr_lines: list = field(default_factory=list)
    samples: list = field(default_factory=list)  # (seconds since start, RssAnon in kB, inputs done)
    seconds: float = 0.0


def rss_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("RssAnon:"):
                    return int(line.split()[1])
    except OSError:
        pass  # the process has just exited
    return None


def monitor(cmd, count_line, interval=0.1, cwd=None):
    run = Run()
    done = [0]
    out_chunks = []
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=cwd,
                            errors="replace")

    def read(stream, name, keep):
        for line in stream:
            keep.append(line)
            if count_line(name, line):
                done[0] += 1

    readers = [threading.Thread(target=read, args=(proc.stdout, "stdout", out_chunks), daemon=True),
               threading.Thread(target=read, args=(proc.stderr, "stderr", run.stderr_lines), daemon=True)]
    for r in readers:
        r.start()
    t0 = time.monotonic()
    while proc.poll() is None:
        rss = rss_kb(proc.pid)
        if rss is not None:
            run.samples.append((time.monotonic() - t0, rss, done[0]))
        time.sleep(interval)
    run.seconds = time.monotonic() - t0
    for r in readers:
        r.join()
    run.returncode = proc.returncode
    run.stdout = "".join(out_chunks)
    run.stderr_lines = [line.rstrip("\n") for line in run.stderr_lines]
    return run


def rss_figures(samples, warmup):
    """Start (first input done), peak and end RSS (MB) and growth after warm-up: from the first
    sample with at least `warmup` inputs done to the last sample, and the
    highest point after warm-up."""
    if not samples:
        return None
    mb = lambda kb: kb / 1024  # noqa: E731
    # The end: the highest sample of the last tenth of the run (conservative:
    # it can only overstate growth). The very last samples alone mislead: as
    # the CLI finishes, its worker thread exits and its large stack (the part
    # ONNX Runtime's recursion touched is resident) is unmapped before exit.
    tail = samples[-max(1, len(samples) // 10):]
    end = max(tail, key=lambda s: s[1])
    after = [s for s in samples if s[2] >= warmup] or samples[-1:]
    started = [s for s in samples if s[2] >= 1] or samples  # model loaded, first input done
    warm = after[0][1]
    return {
        "start_mb": round(mb(started[0][1]), 2),
        "warm_mb": round(mb(warm), 2),
        "warm_at_inputs": after[0][2],
        "peak_mb": round(mb(max(s[1] for s in samples)), 2),
        "peak_after_warmup_mb": round(mb(max(s[1] for s in after)), 2),
        "end_mb": round(mb(end[1]), 2),
        "end_at_inputs": samples[-1][2],
        "growth_mb": round(mb(end[1] - warm), 2),
        "peak_growth_mb": round(mb(max(s[1] for s in after) - warm), 2),
        "samples": len(samples),
    }
