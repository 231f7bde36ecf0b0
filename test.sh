#!/usr/bin/env bash
# Install what is missing (system packages, .venv with test tools), then run every test.
# Extra arguments go to pytest: ./test.sh -k config -x
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
"$here/scripts/setup.sh" --test
cd "$here"
export QT_QPA_PLATFORM=offscreen
exec "$here/.venv/bin/python" -m pytest "$@"
