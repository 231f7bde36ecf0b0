"""A card and a QR that are not of the same citizen (issue 20 finding 5): the officer is told whose
QR it is and whose card it is (names, ID numbers masked), and the way out is to scan the QR on the
card again — reading the chip again with the same wrong QR only fails again. Qt-free."""
from __future__ import annotations

from typing import TYPE_CHECKING

from workstation.core.receipt import mask_id
from workstation.messages import Message

if TYPE_CHECKING:
    from workstation.core.card_reading import CardRead
    from workstation.verify.qr import QrData

RESCAN = Message("Quét lại mã QR trên chính thẻ đang đặt trên đầu đọc (F6).",
                 "Scan the QR code of the card that is on the reader again (F6).")


def is_wrong_key(error: BaseException) -> bool:
    """The chip refused the access key the QR gave: the QR is of another card."""
    from workstation.verify.errors import AccessDeniedError

    return isinstance(error, AccessDeniedError)


def wrong_pair(qr: "QrData", read: "CardRead | None") -> Message | None:
    """"QR of X, card of Y" when the chip was read and its data is another citizen's; when the chip
    refused the QR's key (`read` None), whose QR it is and that it does not open this card."""
    qr_who = f"{qr.full_name} ({mask_id(qr.id_number)})"
    if read is None:
        return Message(f"QR của {qr_who} không mở được chip của thẻ trên đầu đọc: mã QR và thẻ có thể của hai "
                       f"người khác nhau.",
                       f"The QR of {qr_who} does not open the chip of the card on the reader: the QR and the card "
                       f"may be two different people's.")
    cross = read.cross_check
    if cross is None or not cross.blocking:
        return None
    card_who = f"{read.dg13.full_name} ({mask_id(read.dg13.id_number)})"
    if qr.id_number == read.dg13.id_number and qr.full_name == read.dg13.full_name:
        return None            # the same citizen: a field differs, the QR check says which
    return Message(f"QR của {qr_who}, thẻ của {card_who}: không cùng một người.",
                   f"QR of {qr_who}, card of {card_who}: not the same person.")
