#!/usr/bin/env python3
"""Measures `cxjf check` throughput on the examples replicated to N files (default 10,000).

Runs the native CLI with --jobs 1 and --jobs 2 (ndjson to /dev/null, the batch path), three times each after a
warm-up run that fills the page cache, and reports the median files/s, files/s per job and peak RSS.
Writes bench/results-check.md and prints the same table.

    python3 bench/check_throughput.py [--files 10000] [--cli build/cxjf] [--source examples]
"""
import argparse
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def make_corpus(source: Path, target: Path, n: int) -> list:
    files = sorted(p for p in source.glob("*.json"))
    if not files:
        sys.exit(f"no *.json in {source}")
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for i in range(n):
        src = files[i % len(files)]
        # 1,000 files per folder, like a bureau's received files sorted by day
        folder = target / f"batch-{i // 1000:03d}"
        folder.mkdir(exist_ok=True)
        shutil.copyfile(src, folder / f"{i:06d}-{src.name}")
    return files


def run_once(cmd: list) -> tuple:
    """Wall seconds and peak RSS (KiB) of one run, measured in a fresh child."""
    probe = ("import resource,subprocess,sys,time;t=time.perf_counter();"
             "r=subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL);"
             "w=time.perf_counter()-t;"
             "print(w,resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,r.returncode)")
    out = subprocess.run([sys.executable, "-c", probe, *cmd], capture_output=True, text=True, check=True).stdout.split()
    return float(out[0]), int(out[1]), int(out[2])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=10000)
    ap.add_argument("--cli", default=str(ROOT / "build" / "cxjf"))
    ap.add_argument("--source", default=str(ROOT / "examples"))
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--out", default=str(ROOT / "bench" / "results-check.md"))
    args = ap.parse_args()

    corpus = ROOT / "bench" / "out" / "corpus"
    sources = make_corpus(Path(args.source), corpus, args.files)
    size = sum(p.stat().st_size for p in corpus.rglob("*.json"))

    rows = []
    for jobs in (1, 2):
        cmd = [args.cli, "check", "--format", "ndjson", "--jobs", str(jobs), "--check-date", "2025-06-30", str(corpus)]
        run_once(cmd)  # warm-up: page cache
        runs = [run_once(cmd) for _ in range(args.runs)]
        wall = statistics.median(r[0] for r in runs)
        rss = max(r[1] for r in runs)
        rows.append((jobs, wall, args.files / wall, args.files / wall / jobs, rss / 1024, runs[0][2]))

    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    lines = [
        "# `cxjf check` throughput (parse + schema + rules + the four scoring profiles), native",
        "",
        f"Machine: {os.cpu_count()} cores, {cpu}, {platform.system()} {platform.release()}.",
        f"Corpus: the {len(sources)} files of `{Path(args.source).relative_to(ROOT) if Path(args.source).is_relative_to(ROOT) else args.source}` "
        f"replicated to {args.files:,} files ({size / args.files / 1024:.1f} KB mean, {size / 1e6:.1f} MB in all), page cache warm.",
        f"Command: `{Path(args.cli).name} check --format ndjson --jobs N --check-date 2025-06-30 <corpus> > /dev/null`, "
        f"median of {args.runs} runs. Reproduce: `python3 bench/check_throughput.py --files {args.files}`.",
        "",
        "| jobs | wall (s) | files/s | files/s per job | peak RSS (MB) |",
        "|---|---|---|---|---|",
    ]
    for jobs, wall, fps, per, rss, _ in rows:
        lines.append(f"| {jobs} | {wall:.2f} | {fps:,.0f} | {per:,.0f} | {rss:.1f} |")
    lines += ["", f"Bar (issue 2): ≥ 5,000 filings/s per core for parse + schema + rules: "
              f"{'met' if rows[0][3] >= 5000 else 'NOT met'} ({rows[0][3]:,.0f}/s on one job)."]
    text = "\n".join(lines) + "\n"
    Path(args.out).write_text(text)
    print(text)


if __name__ == "__main__":
    main()
