"""Write the weekly report (one self-contained HTML file) from the semantic layer and print its path.

Run after `dbt build` (or `dbt parse`) against the same warehouse: the semantic manifest names
the warehouse's tables. --screenshot also saves a PNG of the report opened in headless Chromium.
"""

import argparse
import os
from pathlib import Path

from ai_support_metrics.report import write_report

PROJECT_ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warehouse", default=os.environ.get("DBT_DUCKDB_PATH", "warehouse/support_metrics.duckdb"))
    parser.add_argument("--manifest", default=str(PROJECT_ROOT / "target" / "semantic_manifest.json"))
    parser.add_argument("--out", default=str(PROJECT_ROOT / "target" / "weekly_report.html"))
    parser.add_argument("--screenshot", help="also save a screenshot of the report (PNG) here")
    args = parser.parse_args()
    report = write_report(args.manifest, args.warehouse, args.out).resolve()
    print(f"Weekly report: {report}")
    if args.screenshot:
        from ai_support_metrics.report_browser import open_report  # only this option needs a browser

        open_report(report, screenshot=Path(args.screenshot))
        print(f"Screenshot: {Path(args.screenshot).resolve()}")


if __name__ == "__main__":
    main()
