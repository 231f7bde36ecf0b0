#!/usr/bin/env bash
# An offline set for laptops without a network: the workstation's .deb and every Debian package it
# needs beyond a minimal Debian 12 (the "required" packages every installation has), in one folder.
# On the laptop:  sudo apt install --no-install-recommends ./*.deb   (from inside the folder; no
# network or package sources needed; without the option, apt asks for recommended packages the set
# does not hold, from sources the laptop may still list, and fails offline)
#
#   scripts/build_offline_set.sh [FOLDER]          default: dist/offline-set
#   scripts/build_offline_set.sh --check [FOLDER]  also prove it installs with no network (root)
#
# The check has two parts, both in a network namespace without interfaces: apt resolves the set
# alone (no sources) against a system holding only the "required" packages, and then installs the
# set on this machine and removes the workstation again.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
say() { printf '[offline-set] %s\n' "$*" >&2; }
check=0
[ "${1:-}" = "--check" ] && { check=1; shift; }
out="$(realpath -m "${1:-dist/offline-set}")"
apt_get() { env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 "$@"; }

deb=$(ls dist/workstation_*.deb 2>/dev/null | head -1 || true)
[ -n "$deb" ] || { scripts/build_deb.sh; deb=$(ls dist/workstation_*.deb | head -1); }

tmp=$(mktemp -d)
# A minimal Debian: the required and essential packages and what they depend on (what debootstrap's
# minbase installs), read from this Debian 12 machine's dpkg status. Those are on every laptop
# already, often newer: the set leaves them out, and the check pretends only they are installed.
python3 - /var/lib/dpkg/status "$tmp/minimal-status" "$tmp/minimal-names" <<'PY'
import re, sys
stanzas = [s for s in open(sys.argv[1], encoding="utf-8").read().split("\n\n") if s.strip()]
def field(s, name):
    m = re.search(rf"^{name}: (.*(?:\n .*)*)", s, re.M)
    return m.group(1).replace("\n", " ") if m else ""
installed = {field(s, "Package"): s for s in stanzas if "Status: install ok installed" in s}
todo = [n for n, s in installed.items() if field(s, "Priority") == "required" or field(s, "Essential") == "yes"]
keep = set()
while todo:
    name = todo.pop()
    if name in keep or name not in installed:
        continue
    keep.add(name)
    for dep in (field(installed[name], "Depends") + "," + field(installed[name], "Pre-Depends")).split(","):
        alternatives = [a.split("(")[0].split(":")[0].strip() for a in dep.split("|") if a.strip()]
        present = [a for a in alternatives if a in installed]
        if present:
            todo.append(present[0])
open(sys.argv[2], "w", encoding="utf-8").write("\n\n".join(installed[n] for n in sorted(keep)) + "\n")
open(sys.argv[3], "w", encoding="utf-8").write("\n".join(sorted(keep)) + "\n")
PY

# What apt itself would install for the .deb on that minimal system (its own choice among
# alternatives, no recommends): the exact packages and versions to download. (A plain recursive
# list of dependencies would also take every alternative, e.g. libelogind0 beside libsystemd0,
# and installing both removes systemd.)
apt_get update -qq
apt-get install --simulate -qq --no-install-recommends -o Dir::State::status="$tmp/minimal-status" \
    "./$deb" > "$tmp/plan.txt" 2>&1 || { cat "$tmp/plan.txt" >&2; say "apt cannot install the .deb on a minimal system"; exit 1; }
mapfile -t wanted < <(sed -nE 's/^Inst ([^ ]+) \(([^ ]+) .*/\1=\2/p' "$tmp/plan.txt" | grep -v '^workstation=')
rm -rf "$out"
mkdir -p "$out"
( cd "$out" && apt-get download -qq -o APT::Sandbox::User=root "${wanted[@]}" >/dev/null )
cp "$deb" "$out/"
cat > "$out/README.txt" <<README
Workstation $(dpkg-deb -f "$deb" Version), offline installation set for Debian 12 (amd64)
built $(date -u +%Y-%m-%d) from the Debian archive of that day.

Install (no network needed), from inside this folder:
    sudo apt install --no-install-recommends ./*.deb
Then start "Thu nhận định danh điện tử mức 2" from the menu, or run: workstation
Remove:  sudo apt remove workstation
README
say "$out: $(ls "$out"/*.deb | wc -l) packages, $(du -sm "$out" | cut -f1) MB"

[ "$check" = 1 ] || { rm -rf "$tmp"; exit 0; }
[ "$(id -u)" = 0 ] || { say "--check needs root (network namespace, apt install)"; exit 1; }
ns="workstation-offline-$$"
cleanup() {
  ip netns delete "$ns" 2>/dev/null || true
  if dpkg-query -W -f='${Status}' workstation 2>/dev/null | grep -q "install ok installed"; then
    apt_get remove -y -qq workstation >/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
ip netns add "$ns"
ip netns exec "$ns" python3 -c "import socket; s=socket.socket(); s.settimeout(3); s.connect(('deb.debian.org', 80))" 2>/dev/null \
  && { say "the namespace reaches the network: not an offline test"; exit 1; }
# 1. the set alone against a minimal system: a dpkg status holding only the minimal packages, no
#    package sources at all: apt must find everything else in the folder
mkdir -p "$tmp/lists/partial" "$tmp/cache/archives/partial" "$tmp/sources.list.d"
touch "$tmp/sources.list"
( cd "$out" && ip netns exec "$ns" apt-get install --simulate -q \
    -o Dir::State::status="$tmp/minimal-status" -o Dir::State::Lists="$tmp/lists" -o Dir::Cache="$tmp/cache" \
    -o Dir::Etc::SourceList="$tmp/sources.list" -o Dir::Etc::SourceParts="$tmp/sources.list.d" \
    ./*.deb > "$tmp/simulated.txt" 2>&1 ) || { cat "$tmp/simulated.txt" >&2; say "the set is incomplete"; exit 1; }
say "on a minimal system the set installs alone: $(grep -c '^Inst ' "$tmp/simulated.txt") packages"
# 2. a real installation with no network, then removed: on this machine, whose packages may be
#    newer or older than the set's, --no-upgrade keeps what is installed and adds what is missing,
#    and --no-remove stops apt before it would remove anything
start=$(date +%s)
( cd "$out" && ip netns exec "$ns" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 \
    install -y -qq --no-upgrade --no-remove --no-install-recommends ./*.deb >/dev/null )
ip netns exec "$ns" workstation --version
apt_get remove -y -qq workstation >/dev/null
say "installed with no network in $(( $(date +%s) - start )) s, and removed"
