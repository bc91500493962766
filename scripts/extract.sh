#!/usr/bin/env bash
# Set up (first time) and print the candidate facts of one article as JSON:
#   ./scripts/extract.sh ARTICLE --published YYYY-MM-DD
# ARTICLE is a text file or a saved web page, relative to where the command is run.
set -euo pipefail
here=$(pwd)
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
. scripts/venv.sh requirements.txt
cd "$here"
PYTHONPATH="$root" exec "$root/.venv/bin/python" -m analysis.news.extract "$@"
