"""The operator bar's facts, Qt-free: the centre probed by a real TCP connection (a listening
socket here, a closed port there), unsent packages counted, the last sync in local time."""
from __future__ import annotations

import socket

from workstation.core.operator_status import centre_reachable


def test_the_centre_is_reachable_only_when_something_listens() -> None:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        port = server.getsockname()[1]
        assert centre_reachable(f"https://127.0.0.1:{port}/", timeout=1.0)
    assert not centre_reachable(f"https://127.0.0.1:{port}/", timeout=1.0)       # closed now
    assert not centre_reachable("not a url")
