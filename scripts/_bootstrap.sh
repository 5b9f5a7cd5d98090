# Sourced by scripts/demo and scripts/check: a project-local virtualenv with the pinned
# dependencies, reinstalled only when requirements.txt or constraints.txt change.
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
stamp=".venv/.requirements-$(cat requirements.txt constraints.txt | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ]; then
    echo "Installing pinned dependencies into .venv ..."
    python -m pip install --quiet --disable-pip-version-check -r requirements.txt -c constraints.txt
    rm -f .venv/.requirements-* && touch "$stamp"
fi
mkdir -p warehouse
export DBT_PROFILES_DIR="$PROJECT_ROOT"
export DBT_PROJECT_ROOT="$PROJECT_ROOT"
