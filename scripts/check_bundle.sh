#!/usr/bin/env bash
# The bundle check CI runs after the tests: build the bundle and the .deb, install the .deb on this
# machine, run `workstation --version`, a simulated enrollment (verified), open the window under
# Xvfb (time to the main window and to the login window, a screenshot), then remove the package;
# then the offline set, installed in a network namespace without interfaces.
# Figures: build/bundle-check.txt (and docs/benchmarks.md "Installable bundle").
#
#   scripts/check_bundle.sh            needs root (apt-get install/remove), like setup.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
say() { printf '[check-bundle] %s\n' "$*" >&2; }
now() { date +%s.%N; }
secs() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.2f}')" "$1" "$2"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
# apt-get that waits (up to 10 minutes) for another apt run on the machine instead of failing
apt_get() { as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 "$@"; }

# tools of the check itself (not of the program): a virtual display, a window finder, NSIS
tools=(xvfb xauth xdotool nsis)
missing=()
for p in "${tools[@]}"; do
  [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)" = "install ok installed" ] || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  apt_get update -qq
  apt_get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- build ------------------------------------------------------------------------------------
t0=$(now)
scripts/build_bundle.sh
t1=$(now)
scripts/build_deb.sh
t2=$(now)
deb=$(ls dist/workstation_*.deb)
version=$(cat dist/workstation/VERSION)

# the Windows installer script compiles (against this Linux bundle: a check of the script only)
smoke=$(mktemp -d)
makensis -V2 -DSMOKE -DVERSION="$version" -DBUNDLE="$here/dist/workstation" \
  -DOUTFILE="$smoke/workstation-setup.exe" installer/workstation.nsi >/dev/null
[ -s "$smoke/workstation-setup.exe" ] || { say "makensis made no installer"; exit 1; }
rm -rf "$smoke"
say "installer/workstation.nsi compiles"

# --- install ----------------------------------------------------------------------------------
work=$(mktemp -d /tmp/workstation-check.XXXXXX)
app_pid=""
cleanup() {
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null || true
  if dpkg-query -W -f='${Status}' workstation 2>/dev/null | grep -q "install ok installed"; then
    apt_get remove -y -qq workstation >/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
say "installing $deb"
t3=$(now)
apt_get install -y -qq "./$deb" >/dev/null
t4=$(now)
installed_kb=$(dpkg-query -W -f='${Installed-Size}' workstation)

# a clean person: nothing of this machine's settings, data or keyring
export HOME="$work/home" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" XDG_CACHE_HOME="$work/cache"
export PYTHON_KEYRING_BACKEND=keyring.backends.null.Keyring
mkdir -p "$HOME"
cd "$work"                      # the installed program, not the checkout
unset QT_QPA_PLATFORM

[ "$(command -v workstation)" = /usr/bin/workstation ] || { say "workstation is not /usr/bin/workstation"; exit 1; }
got=$(workstation --version)
[ "$got" = "workstation $version" ] || { say "version: got '$got', want 'workstation $version'"; exit 1; }
say "$got"

# --- a simulated enrollment with the bundle's portraits, verified -----------------------------
t5=$(now)
workstation --simulate enroll --out "$work/packages"
t6=$(now)
package=$(ls "$work"/packages/*.wspkg)
workstation package verify "$package" --self-signed-ok >/dev/null
say "enrollment sealed and verified: $(basename "$package")"

# --- the window under Xvfb ---------------------------------------------------------------------
cat > "$work/window.sh" <<'INNER'
#!/usr/bin/env bash
# inside xvfb-run: time from start to the main window (simulated, no accounts) and to the login
# window (an account exists), with a screenshot of the main window
set -euo pipefail
now() { date +%s.%N; }
out=$1
# poll every 50 ms for a visible window whose title matches (xdotool's own --sync waits 0.5 s a turn)
wait_window() {
  local until=$(( $(date +%s) + 60 ))
  until xdotool search --onlyvisible --name "$1" >/dev/null 2>&1; do
    [ "$(date +%s)" -lt "$until" ] || { echo "no window '$1' within 60 s" >&2; return 1; }
    sleep 0.05
  done
}
start=$(now)
workstation --simulate --screenshot "$out/window.png" --quit-after 2 &
pid=$!
wait_window "định danh điện tử|identity enrollment"
shown=$(now)
wait "$pid"
echo "main_window_s=$(python3 -c "print(f'{$shown - $start:.2f}')")" >> "$out/times"
printf 'S3cret-pass-123\n' | workstation officer add checker --role supervisor --password-stdin >/dev/null
start=$(now)
workstation --simulate &
pid=$!
wait_window "Đăng nhập|Log in"
shown=$(now)
kill "$pid"; wait "$pid" 2>/dev/null || true
echo "login_window_s=$(python3 -c "print(f'{$shown - $start:.2f}')")" >> "$out/times"
INNER
chmod +x "$work/window.sh"
timeout 180 xvfb-run -a -s "-screen 0 1366x768x24" "$work/window.sh" "$work"
# shellcheck disable=SC1091
. "$work/times"
mkdir -p "$here/build"
cp "$work/window.png" "$here/build/bundle-window.png"
python3 - "$here/build/bundle-window.png" <<'PY'
import struct, sys
data = open(sys.argv[1], "rb").read(32)
assert data[:8] == b"\x89PNG\r\n\x1a\n", "the screenshot is not a PNG"
w, h = struct.unpack(">II", data[16:24])
assert w >= 1024 and h >= 600, f"the window is {w}x{h}"
print(f"[check-bundle] screenshot {w}x{h}: build/bundle-window.png", file=sys.stderr)
PY

# --- remove ------------------------------------------------------------------------------------
apt_get remove -y -qq workstation >/dev/null
[ ! -e /opt/workstation/workstation ] && [ ! -e /usr/bin/workstation ] || { say "files left after remove"; exit 1; }
say "removed"

# --- the offline set: the .deb and its Debian packages, installed in a namespace with no network
t7=$(now)
"$here/scripts/build_offline_set.sh" --check
t8=$(now)

cd "$here"
figures=build/bundle-check.txt
{
  echo "version=$version"
  echo "bundle_build_s=$(secs "$t0" "$t1")"
  echo "deb_build_s=$(secs "$t1" "$t2")"
  echo "bundle_size_mb=$(du -sm dist/workstation | cut -f1)"
  echo "deb_size_mb=$(du -m "$deb" | cut -f1)"
  echo "installed_size_mb=$(( installed_kb / 1024 ))"
  echo "install_s=$(secs "$t3" "$t4")"
  echo "simulated_enrollment_s=$(secs "$t5" "$t6")"
  echo "main_window_s=$main_window_s"
  echo "login_window_s=$login_window_s"
  echo "offline_set_build_and_check_s=$(secs "$t7" "$t8")"
  echo "offline_set_mb=$(du -sm dist/offline-set | cut -f1)"
  echo "offline_set_packages=$(ls dist/offline-set/*.deb | wc -l)"
} > "$figures"
say "figures ($figures):"
cat "$figures"
