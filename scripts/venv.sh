# Sourced by serve.sh and test.sh: make .venv with Python 3.11+ and install the requirements
# file given as $1, again only when the requirements changed since the last install.
PYTHON=${PYTHON:-python3}
"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
  || { echo "Corridor needs Python 3.11 or newer (set PYTHON=/path/to/python3.11)" >&2; exit 1; }
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
stamp=".venv/.installed-$(basename "$1")"
if ! cat requirements*.txt | cmp -s - "$stamp"; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -r "$1"
  cat requirements*.txt > "$stamp"
fi
