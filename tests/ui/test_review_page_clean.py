"""Each citizen starts clean on the review page: the previous citizen's consent, phone and email
never reach the next enrollment (issue 16: the phone field's change handler wrote them into it)."""
from __future__ import annotations

from workstation.core.enrollment.workflow import EnrollmentWorkflow
from workstation.ui.review_page import ReviewPage


def test_the_next_citizen_gets_no_consent_phone_or_email_of_the_last(qtbot) -> None:  # noqa: ANN001
    page = ReviewPage(lambda: "vi")
    qtbot.addWidget(page)
    first = EnrollmentWorkflow("officer", simulated=True, workstation_id="ws")
    page.show_workflow(first, None, None)
    page.phone.setText("0912345678")
    page.email.setText("an@example.vn")
    page.consent.setChecked(True)
    assert first.contact.consent and first.contact.email == "an@example.vn"
    second = EnrollmentWorkflow("officer", simulated=True, workstation_id="ws")
    page.show_workflow(second, None, None)
    assert not page.consent.isChecked() and page.phone.text() == "" and page.email.text() == ""
    assert not second.contact.consent and second.contact.phone == "" and second.contact.email == ""
    assert first.contact.consent          # the first citizen's answer is theirs alone


def test_next_citizen_leaves_nothing_of_the_last_on_screen(qtbot, gui) -> None:  # noqa: ANN001
    from workstation.emulator.fixtures import fixture

    window = gui.window
    qr_field = window.pages.widget(0).qr_field
    qr_field.edit.setText(fixture("an-genuine").qr)
    qr_field._submit()  # noqa: SLF001
    assert "Nguyễn Văn An" in qr_field.result.text()
    window.review_page.phone.setText("0912345678")
    window.review_page.consent.setChecked(True)
    window.next_citizen(force=True)
    assert qr_field.result.text() == "" and qr_field.edit.text() == "" and qr_field.entry is None
    assert window.review_page.phone.text() == "" and not window.review_page.consent.isChecked()
    assert not window.workflow.contact.consent and window.workflow.contact.phone == ""
