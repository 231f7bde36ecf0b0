"""One enrollment at a terminal, on the devices the settings select (real hardware at a counter
without a screen session, or the simulators): the same workflow as the window, with prompts.

The conversation goes through a small `Prompter` so the tests can answer it like a person would.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np

from workstation.core.enrollment.checks import FAIL, Check
from workstation.core.enrollment.workflow import Step
from workstation.errors import WorkstationError
from workstation.messages import Message

if TYPE_CHECKING:
    from workstation.core.context import AppContext
    from workstation.core.enrollment.services import EnrollmentServices
    from workstation.core.enrollment.simulated_run import EnrollmentRun
    from workstation.devices.base import Driver


class Prompter(Protocol):
    def ask(self, prompt: str) -> str: ...
    def secret(self, prompt: str) -> str: ...
    def say(self, text: str) -> None: ...


@dataclass
class ConsolePrompter:
    language: str = "vi"

    def ask(self, prompt: str) -> str:
        try:
            return input(prompt + " ")
        except EOFError:
            raise WorkstationError(Message("Đã dừng: không còn dữ liệu nhập.", "Stopped: no more input.")) from None

    def secret(self, prompt: str) -> str:
        import getpass

        return getpass.getpass(prompt + " ")

    def say(self, text: str) -> None:
        print(text, flush=True)


def _show(io: Prompter, checks: list[Check], language: str) -> None:
    marks = {"ok": "✔", "warn": "!", "fail": "✘"}
    for c in checks:
        line = f"  {marks[c.level]} {c.message.text(language)}"  # type: ignore[arg-type]
        if c.next_step is not None and c.level != "ok":
            line += f" → {c.next_step.text(language)}"  # type: ignore[arg-type]
        io.say(line)


def _wait_for_card(reader: "Driver", io: Prompter, seconds: float, place_it: str) -> None:
    deadline = time.monotonic() + seconds
    told = False
    while not reader.probe().card_present:
        if time.monotonic() > deadline:
            raise WorkstationError(Message("Không thấy thẻ trên đầu đọc.", "No card on the reader."))
        if not told:
            io.say(place_it)
            told = True
        time.sleep(0.2)


def run_terminal_enrollment(context: "AppContext", services: "EnrollmentServices", io: Prompter, out: Path | None,
                            language: str = "vi", prepare: Callable[[dict], None] | None = None,
                            camera_timeout: float = 20.0, challenge: str = "head_turn") -> "EnrollmentRun":
    """`prepare(drivers)` lets a tester put a simulated card on the reader, frames in the camera."""
    from workstation.core.card_reading import read_card
    from workstation.core.card_session import trust_store_for
    from workstation.core.enrollment.simulated_run import EnrollmentRun, write_package
    from workstation.core.face_review import encode_jpeg, face_comparator, review_face
    from workstation.core.finger_sequence import Outcome, finger_label
    from workstation.core.qr_entry import enter_qr
    from workstation.devices.base import DeviceKind, DeviceState
    from workstation.devices.fingerprint.base import CaptureTimeout
    from workstation.verify.face.compare import NoFaceFound
    from workstation.verify.finger.nbis_engine import analyse
    from workstation.verify.face.liveness import BLINK, CLOSE_EYES, TURN_HEAD

    def t(vi: str, en: str) -> str:
        return vi if language == "vi" else en

    selection = context.select_devices()
    missing = [k for k in (DeviceKind.CARD_READER, DeviceKind.CAMERA, DeviceKind.FINGERPRINT)
               if k not in selection.drivers]
    if missing:
        raise WorkstationError(f"no usable driver for: {', '.join(missing)} (see: workstation devices)")
    drivers = {kind: entry.create() for kind, entry in selection.drivers.items()}
    absent = []
    for kind in (DeviceKind.CARD_READER, DeviceKind.CAMERA, DeviceKind.FINGERPRINT):
        status = drivers[kind].probe()
        if status.state not in (DeviceState.CONNECTED, DeviceState.SIMULATED):
            absent.append(f"{kind} ({status.detail})")
    if absent:
        for driver in drivers.values():
            driver.close()
        raise WorkstationError(Message("Thiếu thiết bị: " + "; ".join(absent), "Devices missing: " + "; ".join(absent)))
    if prepare is not None:
        prepare(drivers)
    workflow = services.new_workflow()
    run = EnrollmentRun(workflow)
    started = time.monotonic()
    try:
        # 1. the card: its QR (typed by a keyboard-mode scanner, or by hand), then the chip
        while True:
            entry = enter_qr(io.ask(t("Quét mã QR trên thẻ (hoặc gõ) rồi Enter:",
                                       "Scan the QR code on the card (or type it), then Enter:")))
            if entry.ok:
                break
            io.say(entry.error.text(language) if entry.error else t("Mã QR không hợp lệ.", "Invalid QR code."))  # type: ignore[arg-type]
        reader = drivers[DeviceKind.CARD_READER]
        _wait_for_card(reader, io, 60.0, t("Đặt thẻ lên đầu đọc…", "Place the card on the reader…"))
        workflow.card_placed()
        io.say(t("Đang đọc chip…", "Reading the chip…"))
        try:
            read = read_card(reader.connect, list(entry.keys), trust_store_for(context.settings, selection.simulated),  # type: ignore[attr-defined]
                             qr=entry.qr)
        except WorkstationError:
            workflow.chip_failed()
            raise
        checks = workflow.chip_read(read)
        _show(io, checks, language)
        incident = services.record_incident(read)
        if incident is not None:
            io.say(t(f"Đã ghi nhận sự cố chip số {incident} cho lãnh đạo.",
                     f"Recorded as chip incident no. {incident} for the supervisor."))
        if workflow.step == Step.CHIP and any(c.action == "repeat_reason" for c in checks):
            reason = io.ask(t("Lý do đăng ký lại (để trống: dừng):", "Why enrol again (empty: stop):")).strip()
            if reason:
                _show(io, workflow.enrol_again(reason), language)
        if workflow.step != Step.FACE:
            return run.finish(started, "the chip checks refuse this card")

        # 2. the face: the camera until an automatic capture, or a manual one at the timeout
        io.say((CLOSE_EYES if challenge == BLINK else TURN_HEAD).text(language))  # type: ignore[arg-type]
        shot = run.take_face(drivers[DeviceKind.CAMERA], camera_timeout,  # type: ignore[arg-type]
                             services.quality_limits(), challenge)
        try:
            review = review_face(np.asarray(read.photo.decode()), shot, face_comparator(*services.face_thresholds))
        except NoFaceFound as exc:
            return run.finish(started, f"face not captured: {exc.one_line()}")
        check = workflow.face_captured(review, encode_jpeg(shot.frame.pixels))
        _show(io, [check], language)
        if workflow.step == Step.FACE:
            reason = io.ask(t("Chấp nhận khuôn mặt này? Ghi lý do (để trống: dừng):",
                              "Accept this face? Give the reason (empty: stop):")).strip()
            if not reason:
                return run.finish(started, "the face was not accepted")
            name = io.ask(t("Tài khoản lãnh đạo:", "Supervisor's user name:"))
            supervisor = services.approve_supervisor(name, io.secret(t("Mật khẩu:", "Password:")))
            workflow.override_face(supervisor, reason)

        # 3. fingerprints, with the officer's say on a finger that is missing
        scanner = drivers[DeviceKind.FINGERPRINT]
        info = scanner.info()  # type: ignore[attr-defined]
        sequence = workflow.fingerprint_sequence(services.finger_min_quality)
        while not sequence.done:
            finger = finger_label(sequence.current or "").text(language)  # type: ignore[arg-type]
            io.say(t(f"Đặt {finger} lên máy quét…", f"Place the {finger} on the scanner…"))
            try:
                image = scanner.capture(sequence.current, 15.0)  # type: ignore[attr-defined]
            except CaptureTimeout as exc:
                answer = io.ask(exc.officer_text(language) + " " +  # type: ignore[arg-type]
                                t("Enter: thử lại; hoặc ghi lý do bỏ qua ngón này:",
                                  "Enter: retry; or give the reason to skip this finger:")).strip()
                if answer:
                    sequence.skip(answer)
                continue
            analysis = analyse(image.pixels)
            outcome = sequence.submit(image, analysis, info)
            io.say(f"  {finger}: NFIQ 2 {analysis.nfiq2} — " + {
                Outcome.ACCEPTED: t("đạt", "good"), Outcome.RETRY: t("chưa đạt, làm lại", "too poor, again"),
                Outcome.SAME_FINGER: t("trùng ngón đã lấy", "the same finger as before"),
                Outcome.FALLBACK: t("chuyển sang ngón khác", "trying another finger"),
                Outcome.KEPT_BELOW_BAR: t("giữ bản tốt nhất", "best print kept")}[outcome])
        workflow.devices.append({"kind": "fingerprint", **info.as_dict()})
        workflow.fingerprints_done(sequence)

        # 4. review: phone, email, consent
        while True:
            phone = io.ask(t("Số di động của công dân:", "Citizen's mobile number:"))
            email = io.ask(t("Email (để trống nếu không có):", "Email (empty if none):"))
            consent = io.ask(t("Công dân đồng ý đăng ký định danh mức 2? (c/k)",
                               "Does the citizen consent to the level-2 enrollment? (y/n)")).strip().lower()
            contact = workflow.set_contact(phone, email, consent in ("c", "co", "có", "y", "yes"))
            if contact.level != FAIL:
                break
            _show(io, [contact], language)
            if consent in ("k", "không", "n", "no"):
                return run.finish(started, "the citizen did not consent")
        _show(io, workflow.checks(), language)
        if workflow.blocking():
            return run.finish(started, "; ".join(c.message.en for c in workflow.blocking()))
        run.saved = services.save(workflow)
        if out is not None:
            run.package_file = write_package(out, run.saved)
        return run.finish(started, None)
    finally:
        for driver in drivers.values():
            driver.close()

