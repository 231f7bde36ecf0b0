"""The centre's answers in the officer's words (issue 20 finding 9): a sync where packages were
refused is never shown as a success, and the refusal's reason code ("recipient", "signer", ...)
becomes a sentence that says what happened and what to do. Qt-free."""
from __future__ import annotations

from workstation.messages import Message

_REASONS: dict[str, Message] = {
    "recipient": Message("hồ sơ được mã hoá cho khoá trung tâm khác (sai khoá máy chủ trên máy trạm)",
                         "sealed for another centre key (the workstation has the wrong server key)"),
    "decryption": Message("trung tâm không giải mã được hồ sơ", "the centre could not decrypt the package"),
    "signer": Message("chữ ký không phải của máy trạm đã đăng ký", "not signed by the registered workstation key"),
    "signature": Message("chữ ký của hồ sơ không hợp lệ", "the package's signature is invalid"),
    "certificate": Message("chứng thư của máy trạm không hợp lệ", "the workstation's certificate is invalid"),
    "format": Message("hồ sơ sai định dạng", "the package is malformed"),
    "schema": Message("nội dung hồ sơ sai cấu trúc", "the package content does not follow the schema"),
    "files": Message("tệp trong hồ sơ không khớp danh mục", "the files do not match the package manifest"),
    "capture_chain": Message("chuỗi thu nhận trong hồ sơ bị đứt", "the capture chain is broken"),
    "simulated": Message("hồ sơ mô phỏng (thử nghiệm), không nhận", "a simulated (test) enrollment"),
    "bad_id": Message("mã hồ sơ không hợp lệ", "the package id is not valid"),
    "too_large": Message("hồ sơ quá lớn", "the package is too large"),
    "caller_unknown": Message("máy trạm chưa được trung tâm đăng ký", "this workstation is not onboarded"),
    "caller_revoked": Message("máy trạm đã bị thu hồi quyền gửi", "this workstation was revoked"),
    "conflict": Message("trung tâm đã nhận hồ sơ khác cùng mã", "another package was received under this id"),
    "uploader_not_signer": Message("hồ sơ do máy trạm khác ký", "signed by another workstation"),
    "id_mismatch": Message("mã trong hồ sơ khác mã gửi lên", "the id inside differs from the one sent"),
    "rate_limited": Message("gửi quá nhiều, thử lại sau", "too many uploads: try again later"),
    "no_client_certificate": Message("thiếu chứng thư máy trạm khi kết nối", "no workstation certificate"),
}
WHAT_TO_DO = Message("Hồ sơ vẫn ở trên máy trạm: báo quản trị viên.",
                     "The packages stay on this workstation: tell the administrator.")


def refusal_words(reason: str) -> Message:
    """A centre's refusal reason (core.centre_client / centre.intake codes) in words."""
    code = reason.partition(":")[0].strip() or "?"
    known = _REASONS.get(code)
    if known is not None:
        return known
    shown = code if code.replace("_", "").isalnum() and len(code) <= 40 else "?"
    return Message(f"lý do khác ({shown})", f"another reason ({shown})")


def sync_summary(acknowledged: int, rejected: dict[str, str]) -> tuple[Message, str]:
    """What a sync did and its level: "ok" (all received), "error" (any refusal: never green)."""
    if not rejected:
        return Message(f"Trung tâm đã nhận {acknowledged} hồ sơ.", f"{acknowledged} packages received by the "
                                                                   f"centre."), "ok"
    counts: dict[str, int] = {}
    for reason in rejected.values():
        code = reason.partition(":")[0].strip()
        counts[code] = counts.get(code, 0) + 1
    vi = "; ".join(f"{refusal_words(c).vi} ({n})" for c, n in counts.items())
    en = "; ".join(f"{refusal_words(c).en} ({n})" for c, n in counts.items())
    total = acknowledged + len(rejected)
    return Message(f"Trung tâm TỪ CHỐI {len(rejected)}/{total} hồ sơ: {vi}. Đã nhận {acknowledged}. {WHAT_TO_DO.vi}",
                   f"The centre REFUSED {len(rejected)} of {total} packages: {en}. Received {acknowledged}. "
                   f"{WHAT_TO_DO.en}"), "error"
