"""Qt translations of the window's own strings.

Sources are English (`self.tr("...")`); the Vietnamese lives in translations/workstation_vi.ts,
which translators edit with Qt Linguist. The .ts is compiled with PySide6's lrelease into the cache
directory the first time (and whenever it changes), so no binary .qm is kept in the repository.
"""
from __future__ import annotations

import hashlib
import logging
import subprocess
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator

from workstation.messages import Language

log = logging.getLogger(__name__)
TRANSLATIONS = Path(__file__).with_name("translations")


def _lrelease() -> Path:
    import PySide6

    base = Path(PySide6.__file__).parent
    for name in ("lrelease", "lrelease.exe", "Qt/libexec/lrelease"):
        if (base / name).exists():
            return base / name
    raise FileNotFoundError("lrelease not found in the PySide6 package")


def compiled_translation(language: Language, cache_dir: Path) -> Path | None:
    """The .qm for `language`, compiled on demand; None for English (the source language)."""
    if language == "en":
        return None
    # our strings, and Qt's own standard buttons (PySide6 ships no qtbase_vi), in one .qm
    sources = [p for p in (TRANSLATIONS / f"workstation_{language}.ts", TRANSLATIONS / f"qt_{language}.ts")
               if p.exists()]
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in sources)).hexdigest()[:16]
    target = cache_dir / "translations" / f"workstation_{language}-{digest}.qm"
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([str(_lrelease()), "-silent", *map(str, sources), "-qm", str(target)],
                       check=True, capture_output=True, timeout=60)
    return target


class Translations:
    """Switches the application's language at run time; widgets retranslate on LanguageChange."""

    def __init__(self, cache_dir: Path) -> None:
        self.cache_dir = cache_dir
        self.language: Language = "en"
        self._translator: QTranslator | None = None

    def uninstall(self) -> None:
        if self._translator is not None:
            QCoreApplication.instance().removeTranslator(self._translator)
            self._translator = None

    def set_language(self, language: Language) -> None:
        app = QCoreApplication.instance()
        self.uninstall()
        qm = None
        try:
            qm = compiled_translation(language, self.cache_dir)
        except (OSError, subprocess.SubprocessError) as exc:
            log.error("translation %s unavailable, staying in English: %s", language, exc)
            language = "en"
        if qm is not None:
            translator = QTranslator(app)
            if translator.load(str(qm)):
                app.installTranslator(translator)
                self._translator = translator
            else:
                log.error("could not load %s", qm)
                language = "en"
        self.language = language
