#!/usr/bin/env bash
# Install what is missing (system packages, .venv), then open the workstation.
# Arguments go to the program: ./run.sh --simulate, ./run.sh devices, ./run.sh --help
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
"$here/scripts/setup.sh"
exec "$here/.venv/bin/workstation" "$@"
