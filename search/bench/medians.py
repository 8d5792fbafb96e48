#!/usr/bin/env python3
"""Median of several benchmark runs: reads the `RESULT key=value ...` lines that
`search/examples/bench.rs` prints, from files given on the command line (one file per run),
and prints each figure's median over the runs. Usage (see BENCHMARKS.md):

    python3 search/bench/medians.py target/bench/after-1.txt target/bench/after-2.txt ...
"""

import statistics
import sys
from collections import defaultdict

values = defaultdict(list)
order = []
for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.startswith("RESULT "):
                continue
            fields = dict(p.split("=", 1) for p in line.split()[1:])
            key = " ".join(f"{k}={v}" for k, v in fields.items() if not k.endswith("_us") and not k.endswith("_ms") and not k.startswith("recall") and not k.startswith("mrr") and not k.startswith("found") and k != "n")
            for k, v in fields.items():
                try:
                    x = float(v)
                except ValueError:
                    continue
                if (key, k) not in values:
                    order.append((key, k))
                values[(key, k)].append(x)

last = None
for key, k in order:
    if key != last:
        print(f"\n{key}")
        last = key
    xs = values[(key, k)]
    print(f"  {k}: median {statistics.median(xs):g} (runs: {', '.join(f'{x:g}' for x in xs)})")
