"""The export chooser's USB sticks: /proc/mounts parsed (escapes included), removable disks known
from /sys/block (a fake sysfs tree in a temporary folder), desktop mounts under /media."""
from __future__ import annotations

from pathlib import Path

from workstation.core.removable_media import parse_mounts, removable_drives

MOUNTS = """\
/dev/nvme0n1p2 / ext4 rw,relatime 0 0
proc /proc proc rw 0 0
/dev/sdb1 /mnt/stick vfat rw,nosuid 0 0
/dev/sdc1 /media/canbo/USB\\040XA\\040DONG exfat rw 0 0
/dev/mmcblk0p1 /run/media/canbo/SD vfat rw 0 0
/dev/sda2 /home ext4 rw 0 0
tmpfs /run tmpfs rw 0 0
"""


def test_removable_mounts_are_found(tmp_path: Path) -> None:
    for disk, removable in (("sda", "0"), ("sdb", "1"), ("sdc", "1"), ("nvme0n1", "0"), ("mmcblk0", "1")):
        (tmp_path / disk).mkdir()
        (tmp_path / disk / "removable").write_text(removable + "\n")
    assert parse_mounts(MOUNTS, tmp_path) == [Path("/mnt/stick"), Path("/media/canbo/USB XA DONG"),
                                              Path("/run/media/canbo/SD")]


def test_this_machine_s_list_is_well_formed() -> None:
    for drive in removable_drives():
        assert drive.path.is_dir() and drive.free_bytes >= 0
