#!/usr/bin/env bash
# Screenshots of every step of an enrollment in the window, in Vietnamese and English, plus the
# error screens, the history and the settings: the UI tests drive the window offscreen on the
# simulated devices and save them into the folder given (default: screenshots/).
#
#   scripts/screenshots.sh [FOLDER]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$(realpath -m "${1:-$here/screenshots}")"
mkdir -p "$out"
"$here/scripts/setup.sh" --test
cd "$here"
WORKSTATION_SCREENSHOTS="$out" QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest -q -p no:cacheprovider \
  tests/ui/test_enrollment_window.py tests/ui/test_login_and_lock.py tests/ui/test_main_window.py \
  tests/ui/test_receipt.py tests/ui/test_history_review.py tests/ui/test_readable_from_a_distance.py
echo "screenshots in $out:"
ls "$out"
