# Sourced by scripts/demo and scripts/check: a project-local virtualenv with the pinned
# dependencies and this checkout's ai_support_metrics package (editable, so dbt's Python
# models import the code they run beside), reinstalled only when requirements.txt,
# constraints.txt, pyproject.toml or the checkout's location change.
set -euo pipefail
PROJECT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$PROJECT_ROOT"
PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
    echo "Creating .venv ..."
    "$PYTHON" -m venv .venv
fi
# shellcheck disable=SC1091
source .venv/bin/activate
stamp=".venv/.requirements-$( (cat requirements.txt constraints.txt pyproject.toml; echo "$PROJECT_ROOT") | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ]; then
    echo "Installing pinned dependencies and the ai_support_metrics package into .venv ..."
    python -m pip install --quiet --disable-pip-version-check -r requirements.txt -c constraints.txt
    python -m pip install --quiet --disable-pip-version-check --no-deps --editable .
    rm -f .venv/.requirements-* && touch "$stamp"
fi
mkdir -p warehouse
export DBT_PROFILES_DIR="$PROJECT_ROOT"
