"""What the console needs to show a duplicate side by side: the package store and the package key
(this process is on the node that decrypts, review.py). The photographs are decrypted for the
page being rendered and sent inline (data: URLs, allowed by the page's CSP), never written."""
from __future__ import annotations

import base64
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric import x25519

from workstation.centre import review
from workstation.centre.object_store import ObjectStore
from workstation.centre.registry import Registry


@dataclass(frozen=True)
class Reviewing:
    store: ObjectStore
    package_key: x25519.X25519PrivateKey

    def case(self, registry: Registry, package_id: str) -> review.ReviewCase | None:
        try:
            return review.case(registry, self.store, self.package_key, package_id)
        except review.ReviewRefused:
            return None

    @staticmethod
    def images(found: review.ReviewCase) -> dict[str, str]:
        """'this' and 'earlier': data: URLs of the JPEG photographs ('' when a package has none)."""
        def url(data: bytes | None) -> str:
            return "data:image/jpeg;base64," + base64.b64encode(data).decode() if data else ""
        return {"this": url(found.face), "earlier": url(found.earlier_face)}

    @staticmethod
    def decide(registry: Registry, package_id: str, decision: str, reviewer: str, source: str) -> str:
        """'' when recorded, else the refusal in Vietnamese."""
        try:
            review.decide(registry, package_id, decision, reviewer, source)
        except review.ReviewRefused as exc:
            return exc.message.vi
        return ""
