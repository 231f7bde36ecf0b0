#!/usr/bin/env bash
# Build the one-folder bundle of the workstation from the pinned environment (.venv):
# dist/workstation/ (the `workstation` program, its libraries, models, translations, portraits,
# licences). The same definition (installer/workstation.spec) builds on Windows: docs/install.md.
#
#   scripts/build_bundle.sh            -> dist/workstation/
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
say() { printf '[bundle] %s\n' "$*" >&2; }

"$here/scripts/setup.sh"
pip=(.venv/bin/python -m pip --disable-pip-version-check -q)
# PyInstaller and setuptools-scm (the bundle extra, pinned); the editable install again so the
# version stamped into workstation/_version.py and the metadata is this commit's
"${pip[@]}" install -c constraints.txt -e ".[bundle]"
version=$(.venv/bin/python -c 'from workstation.version import software_version; print(software_version())')
say "workstation $version"

rm -rf build/bundle dist/workstation
start=$(date +%s)
.venv/bin/pyinstaller --noconfirm --clean --log-level WARN \
  --workpath build/bundle --distpath dist installer/workstation.spec
.venv/bin/python scripts/collect_licenses.py dist/workstation
echo "$version" > dist/workstation/VERSION
took=$(( $(date +%s) - start ))
size=$(du -sm dist/workstation | cut -f1)
say "dist/workstation: ${size} MB, built in ${took} s"
mkdir -p build
printf 'bundle_build_s=%s\nbundle_size_mb=%s\nversion=%s\n' "$took" "$size" "$version" > build/bundle-figures.txt
