"""Generate the deterministic demo data (raw inputs and ground truth) as Parquet files.

    python scripts/generate_demo_data.py [--tickets 20000] [--seed 42] [--out data/demo]
"""

import argparse
import time
from pathlib import Path

from ai_support_metrics import demo_data

REPO_ROOT = Path(__file__).resolve().parents[1]


def main(argv=None):
    parser = argparse.ArgumentParser(description="Write the demo tickets, conversation turns, "
                                     "events and ground truth as <name>.parquet files.")
    parser.add_argument("--tickets", type=int, default=20_000, help="number of tickets (default 20000)")
    parser.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "data" / "demo",
                        help="output folder (default data/demo in the repository)")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    frames = demo_data.generate(args.tickets, seed=args.seed)
    paths = demo_data.write(frames, args.out)
    for name, path in paths.items():
        print(f"{name:<20} {len(frames[name]):>11,} rows  {path}")
    print(f"{args.tickets:,} tickets (seed {args.seed}) in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
