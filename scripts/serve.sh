#!/usr/bin/env bash
# Set up (first time) and start the dashboard on the embedded SQLite store (or, with
# CORRIDOR_DATASET_DIR set, on that folder of CSVs), loading the data while the server starts.
# Extra arguments go to `streamlit run`, e.g. --server.port 8600.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/venv.sh requirements.txt
exec .venv/bin/python -m ui.serve "$@"
