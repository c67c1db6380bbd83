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


def sign_sources(cli: str, source: Path, target: Path) -> Path:
    """Signs every signable example with a fresh Ed25519 key; returns the folder of envelopes."""
    target.mkdir(parents=True, exist_ok=True)
    key = target / "bench-key.pem"
    if key.exists():
        key.unlink()
    subprocess.run([cli, "keygen", "--out", str(key)], check=True, capture_output=True)
    signed = target / "envelopes"
    if signed.exists():
        shutil.rmtree(signed)
    signed.mkdir()
    for f in sorted(source.glob("*.json")):
        subprocess.run([cli, "sign", "--key", str(key), "--check-date", "2025-06-30", "--out", str(signed / f.name), str(f)],
                       capture_output=True)
    return signed


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
    ap.add_argument("--signed", action="store_true", help="sign the examples first: measure check with verification, and verify")
    args = ap.parse_args()

    corpus = ROOT / "bench" / "out" / ("corpus-signed" if args.signed else "corpus")
    source = Path(args.source)
    if args.signed:
        source = sign_sources(args.cli, source, ROOT / "bench" / "out")
        if args.out == str(ROOT / "bench" / "results-check.md"):
            args.out = str(ROOT / "bench" / "results-verify.md")
    sources = make_corpus(source, corpus, args.files)
    size = sum(p.stat().st_size for p in corpus.rglob("*.json"))

    rows = []
    commands = [("check", jobs, [args.cli, "check", "--format", "ndjson", "--jobs", str(jobs), "--check-date", "2025-06-30", str(corpus)])
                for jobs in (1, 2)]
    if args.signed:
        commands.append(("verify", 1, [args.cli, "verify", "--format", "json", str(corpus)]))
    for name, jobs, cmd in commands:
        run_once(cmd)  # warm-up: page cache
        runs = [run_once(cmd) for _ in range(args.runs)]
        wall = statistics.median(r[0] for r in runs)
        rss = max(r[1] for r in runs)
        rows.append((jobs, wall, args.files / wall, args.files / wall / jobs, rss / 1024, runs[0][2], name))

    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    what = ("signed envelopes: strict parse + JCS + Ed25519 verification (OpenSSL) + schema + rules + the four profiles"
            " + comparison with the claimed check" if args.signed else "parse + schema + rules + the four scoring profiles")
    lines = [
        f"# `cxjf check` throughput ({what}), native",
        "",
        f"Machine: {os.cpu_count()} cores, {cpu}, {platform.system()} {platform.release()}.",
        f"Corpus: the {len(sources)} {'signable files of' if args.signed else 'files of'} "
        f"`{Path(args.source).relative_to(ROOT) if Path(args.source).is_relative_to(ROOT) else args.source}`"
        f"{', signed with a fresh Ed25519 key,' if args.signed else ''} "
        f"replicated to {args.files:,} files ({size / args.files / 1024:.1f} KB mean, {size / 1e6:.1f} MB in all), page cache warm.",
        f"Command: `{Path(args.cli).name} check --format ndjson --jobs N --check-date 2025-06-30 <corpus> > /dev/null`"
        + (" and `cxjf verify --format json <corpus>`" if args.signed else "") +
        f", median of {args.runs} runs. Reproduce: `python3 bench/check_throughput.py --files {args.files}"
        + (" --signed" if args.signed else "") + "`.",
        "",
        "| command | jobs | wall (s) | files/s | files/s per job | peak RSS (MB) |",
        "|---|---|---|---|---|---|",
    ]
    for jobs, wall, fps, per, rss, _, name in rows:
        lines.append(f"| {name} | {jobs} | {wall:.2f} | {fps:,.0f} | {per:,.0f} | {rss:.1f} |")
    if not args.signed:
        lines += ["", f"Bar (issue 2): ≥ 5,000 filings/s per core for parse + schema + rules: "
                  f"{'met' if rows[0][3] >= 5000 else 'NOT met'} ({rows[0][3]:,.0f}/s on one job)."]
    text = "\n".join(lines) + "\n"
    Path(args.out).write_text(text)
    print(text)


if __name__ == "__main__":
    main()
