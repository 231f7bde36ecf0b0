#!/usr/bin/env bash
# Build the Debian package from the bundle (dist/workstation/, scripts/build_bundle.sh):
# dist/workstation_VERSION_amd64.deb, installing the program under /opt/workstation, the
# `workstation` command in /usr/bin, a desktop entry (Vietnamese name) and its icon. It runs no
# maintainer script: installing needs nothing but the files and the Debian packages it depends on.
#
#   scripts/build_deb.sh            (builds the bundle first when dist/workstation is missing)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
say() { printf '[deb] %s\n' "$*" >&2; }

[ -x dist/workstation/workstation ] || scripts/build_bundle.sh
version=$(cat dist/workstation/VERSION)
# Debian's ordering: 0.2.dev5 must sort before 0.2, hence '~' (0.2~dev5); a local part stays after '+'
deb_version=$(printf '%s' "$version" | sed -E 's/\.dev/~dev/; s/\.d([0-9]{8})$/.dirty\1/')
arch=$(dpkg --print-architecture)

# What the bundle does not carry: the smart-card service and the reader driver, the Vietnamese
# font, Qt's xcb platform libraries, libfprint and its introspection data with PyGObject (the
# fingerprint driver uses the system's python3-gi), the OS keyring for the data key.
depends=(
  "pcscd" "libpcsclite1" "libccid"
  "libzbar0" "fonts-dejavu-core"
  "libegl1" "libgl1" "libfontconfig1" "libxkbcommon0" "libxkbcommon-x11-0" "libglib2.0-0" "libdbus-1-3"
  "libxcb-cursor0" "libxcb-icccm4" "libxcb-keysyms1" "libxcb-image0" "libxcb-render-util0"
  "libxcb-shape0" "libxcb-randr0" "libxcb-xinerama0" "libxcb-xkb1"
  "libfprint-2-2" "gir1.2-fprint-2.0" "python3-gi"
)
recommends=("gnome-keyring" "xdg-utils")

root=build/deb/root
rm -rf build/deb
mkdir -p "$root/DEBIAN" "$root/opt" "$root/usr/bin" "$root/usr/share/applications" \
  "$root/usr/share/icons/hicolor/scalable/apps" "$root/usr/share/icons/hicolor/256x256/apps" \
  "$root/usr/share/doc/workstation"
cp -a dist/workstation "$root/opt/workstation"
ln -s /opt/workstation/workstation "$root/usr/bin/workstation"
install -m 0644 installer/linux/workstation.desktop "$root/usr/share/applications/workstation.desktop"
install -m 0644 installer/linux/workstation.svg "$root/usr/share/icons/hicolor/scalable/apps/workstation.svg"
install -m 0644 installer/linux/workstation.png "$root/usr/share/icons/hicolor/256x256/apps/workstation.png"
install -m 0644 LICENSE "$root/usr/share/doc/workstation/copyright"
gzip -9n < CHANGELOG.md > "$root/usr/share/doc/workstation/changelog.gz"
chmod -R u+rwX,go+rX,go-w "$root"

size_kb=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
join() { local IFS=","; echo "$*" | sed 's/,/, /g'; }
cat > "$root/DEBIAN/control" <<CONTROL
Package: workstation
Version: $deb_version
Architecture: $arch
Maintainer: Workstation developers <workstation@localhost>
Section: misc
Priority: optional
Installed-Size: $size_kb
Depends: $(join "${depends[@]}")
Recommends: $(join "${recommends[@]}")
Description: level-2 electronic identity enrollment workstation (VNeID)
 The counter program with which commune police enroll citizens for a level-2
 electronic identity: it reads and authenticates the chip of the citizen's ID
 card, checks the QR code, the face and the fingerprints against it, and keeps
 a signed, encrypted enrollment package until it is synced or exported.
 .
 A self-contained bundle (Python, Qt, OpenCV, dlib and their models) under
 /opt/workstation; nothing is fetched at install or at run time.
CONTROL

out="dist/workstation_${deb_version}_${arch}.deb"
rm -f dist/workstation_*.deb
start=$(date +%s)
# zstd: 15 s for ~265 MB where xz -6 took 4 minutes for 227 MB; dpkg reads it since Debian 12 / Ubuntu 22.04
dpkg-deb --root-owner-group -Zzstd -z9 --threads-max=2 --build "$root" "$out" >/dev/null
took=$(( $(date +%s) - start ))
say "$out: $(du -m "$out" | cut -f1) MB (installed $(( size_kb / 1024 )) MB), packed in ${took} s"
printf 'deb_pack_s=%s\ndeb_size_mb=%s\ninstalled_size_mb=%s\n' "$took" "$(du -m "$out" | cut -f1)" \
  "$(( size_kb / 1024 ))" > build/deb-figures.txt
