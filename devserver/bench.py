"""`make bench`: cold-start import cost of the app next to a bare `import chalice, boto3`,
and the first requests of fresh processes (devserver/bench_first.py: the authorizer's and
the API function's, against the embedded stack).

Each measurement is a fresh interpreter (as a Lambda cold start is), repeated,
and the median reported; both imports are measured in the same run so the machine's
speed cancels out. Goal: app at most 1.5x the bare imports.
"""
from __future__ import annotations

import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 7
GOAL = 1.5

PROBE = "import time; t = time.perf_counter(); {stmt}; print(time.perf_counter() - t)"
ENV = {"AWS_DEFAULT_REGION": "us-east-1", "PATH": "/usr/bin:/bin", "PYTHONDONTWRITEBYTECODE": "0"}


def measure(statement: str) -> float:
    samples = []
    for _ in range(RUNS):
        out = subprocess.run([sys.executable, "-c", PROBE.format(stmt=statement)], cwd=ROOT, env=ENV,
                             capture_output=True, text=True, check=True)
        samples.append(float(out.stdout.strip()))
    return statistics.median(samples) * 1000


def main() -> int:
    measure("import app")  # warm the bytecode cache once, as a deployed package has .pyc files
    bare = measure("import chalice, boto3")
    full = measure("import app")
    ratio = full / bare
    print(f"import chalice, boto3 : {bare:7.1f} ms (median of {RUNS})")
    print(f"import app            : {full:7.1f} ms (median of {RUNS})")
    print(f"ratio                 : {ratio:7.2f}x (goal <= {GOAL}x)")
    slow = subprocess.run([sys.executable, "-X", "importtime", "-c", "import app"], cwd=ROOT, env=ENV,
                          capture_output=True, text=True).stderr.splitlines()
    rows = []
    for line in slow:
        parts = line.split("|")
        if len(parts) == 3 and parts[1].strip().isdigit():
            rows.append((int(parts[1]), parts[2].rstrip()))
    top = [r for r in sorted(rows, reverse=True) if not r[1].strip().startswith(("encodings", "_"))][:8]
    print("largest cumulative imports (us):")
    for cumulative, name in top:
        print(f"  {cumulative:>8} {name}")
    from devserver import bench_first

    for line in bench_first.report(bench_first.measure()):
        print(line)
    return 0 if ratio <= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
