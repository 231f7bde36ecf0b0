"""How this workstation's keys are kept, in the officer's and the administrator's words.

The data key (drafts at rest) and the signing key's secret are wrapped by the OS keyring when there
is one (key_vault). Without one they are plain files: whoever copies the data folder decrypts the
drafts and signs as this workstation. That is allowed (a counter PC without a desktop keyring must
still work) but never silent: `workstation info` shows it (`key_protection`), the log says it once
per start, and the window asks `key_protection()` for the notice to show (Qt-free, so the CLI and
the window say the same words).
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from workstation.messages import Message
from workstation.storage.key_vault import KeyringVault, is_wrapped

log = logging.getLogger(__name__)

KEY_FILES = (".data-key", ".key-secret")       # what the keyring protects, in the keys folder

# One line for the window's notice line (the whole notice is its tooltip and in `workstation info`):
# the page has room for one line above the step pages at 1280×720.
SHORT_NOTICE = Message(
    "Khoá chưa được kho khoá của hệ điều hành bảo vệ: ai chép thư mục dữ liệu đọc được hồ sơ nháp.",
    "The keys are not protected by an OS keyring: whoever copies the data folder reads the drafts.")

NO_KEYRING = Message(
    "Máy trạm không có kho khoá của hệ điều hành: khoá dữ liệu và khoá ký nằm trong tệp thường. Ai chép được "
    "thư mục dữ liệu ({folder}) thì đọc được các bản nháp (ảnh, vân tay) và ký được hồ sơ mang tên máy trạm này. "
    "Cách khắc phục: chạy chương trình trong phiên đăng nhập có kho khoá (GNOME Keyring, KWallet, Windows), "
    "khoá dữ liệu sẽ được bảo vệ ở lần mở sau; trong khi chờ, giữ máy trong phòng khoá và mã hoá ổ đĩa.",
    "This workstation has no OS keyring: the data key and the signing key are plain files. Whoever copies the "
    "data folder ({folder}) reads the drafts (photos, fingerprints) and can sign packages as this workstation. "
    "What to do: run the program in a desktop session with a keyring (GNOME Keyring, KWallet, Windows); the keys "
    "are protected at the next start. Meanwhile keep the machine locked away and its disk encrypted.")
FILE_BY_SETTING = Message(
    "Cài đặt storage.data_key_protection = \"file\": khoá dữ liệu và khoá ký nằm trong tệp thường. Ai chép được "
    "thư mục dữ liệu ({folder}) thì đọc được các bản nháp và ký được hồ sơ mang tên máy trạm này. Cách khắc "
    "phục: đặt \"auto\" hoặc \"keyring\" trên máy có kho khoá; trong khi chờ, mã hoá ổ đĩa.",
    "storage.data_key_protection is \"file\": the data key and the signing key are plain files. Whoever copies "
    "the data folder ({folder}) reads the drafts and can sign packages as this workstation. What to do: set "
    "\"auto\" or \"keyring\" on a machine with a keyring; meanwhile encrypt the disk.")
UNREACHABLE = Message(
    "Khoá được bảo vệ bằng kho khoá của hệ điều hành nhưng kho khoá không mở được: hãy đăng nhập vào phiên làm "
    "việc của cán bộ rồi mở lại chương trình.",
    "The keys are protected by the OS keyring, which cannot be reached: log in to the officer's desktop session "
    "and start the program again.")


@dataclass(frozen=True)
class KeyProtection:
    """state: "keyring" (wrapped, the keyring answers), "keyring_unreachable" (wrapped, no keyring
    now: nothing opens), "file" (plain files, or will be at first start)."""

    state: str
    keyring: str              # the keyring backend's name, "" without one
    setting: str              # storage.data_key_protection
    notice: Message | None    # what it means and what to do; None when the keys are protected

    @property
    def protected(self) -> bool:
        return self.state == "keyring"

    def as_dict(self) -> dict[str, object]:
        return {"state": self.state, "keyring": self.keyring or None, "setting": self.setting,
                "notice": self.notice.en if self.notice else None,
                "notice_vi": self.notice.vi if self.notice else None}


def key_protection(keys_dir: Path, setting: str = "auto",
                   vault_factory: Callable[[], KeyringVault | None] = KeyringVault.system) -> KeyProtection:
    """How the keys in `keys_dir` are (or, before the first start, will be) kept. Reads the key
    files' form only: no key is opened."""
    stored = []
    for name in KEY_FILES:
        try:
            stored.append((keys_dir / name).read_bytes())
        except OSError:
            continue
    wrapped = any(is_wrapped(data) for data in stored)
    plain = any(not is_wrapped(data) for data in stored)
    vault = vault_factory() if setting != "file" or wrapped else None
    name = vault.name if vault is not None else ""
    folder = str(keys_dir.parent)
    if wrapped and vault is None:
        return KeyProtection("keyring_unreachable", "", setting, UNREACHABLE)
    if wrapped and not plain:
        return KeyProtection("keyring", name, setting, None)
    if setting == "file":
        return KeyProtection("file", name, setting, FILE_BY_SETTING.format(folder=folder))
    if vault is not None:              # plain files from before the keyring are wrapped at the next start
        return KeyProtection("keyring", name, setting, None)
    return KeyProtection("file", "", setting, NO_KEYRING.format(folder=folder))


_said: set[str] = set()


def say_unprotected_once(keys_dir: Path, by_setting: bool) -> None:
    """Into the log (file only: the console of every command would repeat it), once per process
    and folder: the keys stay plain files."""
    key = str(keys_dir)
    if key in _said:
        return
    _said.add(key)
    notice = FILE_BY_SETTING if by_setting else NO_KEYRING
    log.warning("%s", notice.format(folder=str(keys_dir.parent)).en, extra={"console": False})
