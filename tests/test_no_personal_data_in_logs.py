"""Mistyped or hostile QR input never puts an ID number, a name or a birth date into the log or
onto the console (the log recorded them from bad QR input before). Fuzzed with hypothesis around
a real CCCD QR text, through the QR entry of the window and `workstation qr parse`."""
from __future__ import annotations

import logging

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workstation.cli.main import main
from workstation.core.qr_entry import enter_qr

SECRETS = ("079190004321", "023456789", "Trần Thị Bích Ngọc", "23071990", "1990", "004321")
QR = "079190004321|023456789|Trần Thị Bích Ngọc|23071990|Nữ|Số 12 Đường Lê Lợi, Quận 1|02062021"


@st.composite
def mangled(draw: st.DrawFn) -> str:
    fields = QR.split("|")
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.integers(0, len(fields) - 1))
        fields[i] = draw(st.sampled_from([
            fields[i][:-1], fields[i] + "9", fields[i].replace("0", "O"), "", "٠١٢٣", "x" * 40,
            fields[i][::-1], fields[i] + "|extra", "99999999", "31022021"]))
    return "|".join(fields[: draw(st.integers(3, len(fields)))])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=mangled())
def test_bad_qr_input_leaves_no_personal_data_in_the_log(caplog, capsys, text: str) -> None:  # noqa: ANN001
    caplog.clear()
    with caplog.at_level(logging.DEBUG):
        entry = enter_qr(text)
        if entry.ok:
            return                      # a valid text: nothing was wrong, nothing is logged about it
        main(["qr", "parse", text])
    said = caplog.text + capsys.readouterr().err
    assert not any(secret in said for secret in SECRETS), said
