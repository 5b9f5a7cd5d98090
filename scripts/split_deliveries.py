"""Split an export into a history and daily deliveries by arrival (ai_support_metrics/deliveries.py).

    python scripts/split_deliveries.py DATA_DIR OUT_DIR [--history-until 2026-10-22]
        [--last-delivery-day 2026-10-27] [--union UNION_DIR]
"""

import argparse
import datetime as dt
import time
from pathlib import Path

from ai_support_metrics import deliveries


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path, help="folder with tickets, conversation_turns and events")
    parser.add_argument("out_dir", type=Path, help="writes OUT_DIR/history and OUT_DIR/day-YYYY-MM-DD")
    parser.add_argument("--history-until", type=dt.date.fromisoformat,
                        help="first delivery day (default: the day of the latest ticket creation)")
    parser.add_argument("--last-delivery-day", type=dt.date.fromisoformat,
                        help="last delivery, holding every later row too (default: the latest arrival)")
    parser.add_argument("--union", type=Path,
                        help="also write every delivered row here: the input of the equal full refresh")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    folders = deliveries.split(args.data_dir, args.out_dir, args.history_until, args.last_delivery_day)
    for folder in folders:
        print(folder)
    if args.union:
        print(f"union: {deliveries.write_union(folders, args.union)}")
    print(f"{len(folders) - 1} deliveries after the history in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
