"""The log as evidence: a hash chain over every stored event, and the secrets of a keyed store.

Each event's link is a digest of the link before it and of the event as stored (its position,
entry, version, kind and bytes, ciphertext included), written in the same transaction as the
event. Altering, removing, inserting or reordering an event breaks the chain at that event,
whatever the views hold. On an encrypted store the digest is keyed with a secret derived from
the store's key, so nobody without the key can forge a chain to match an edit; on a plain store
anyone can recompute it, which is why `storyline verify --head` prints the chain's head for the
user to keep elsewhere, and `--expect` proves the log up to that head is unchanged.
"""

from __future__ import annotations

import base64
import uuid
from collections.abc import Iterator

import attrs
from eventsourcing.persistence import StoredEvent

LINK_SIZE = 16  # bytes of each link: a forgery would need a second preimage of 128 bits
GENESIS = bytes(LINK_SIZE)
PUBLIC = b"storyline log chain"


def derived_secret(cipher_key: str | None, purpose: str) -> bytes | None:
    """A secret for one purpose (entry ids, the chain), from an encrypted store's key; None for a
    store without one. Derived, so the cipher's own key is used for nothing else."""
    if cipher_key is None:
        return None
    return _mac(base64.b64decode(cipher_key), f"storyline {purpose}".encode())


def _mac(key: bytes, message: bytes) -> bytes:
    import hmac  # and OpenSSL's digests with it: loaded by what makes or checks one, never by a plain read

    return hmac.digest(key, message, "sha256")


def _bytes(state: object) -> bytes:
    """The event's bytes as stored: a state someone stored as text is those characters' bytes
    (and so no longer what was linked)."""
    if isinstance(state, bytes | bytearray | memoryview):
        return bytes(state)
    return str(state).encode("utf-8")


def _framed(*parts: bytes) -> bytes:
    """Parts with their lengths, so no two different events hash the same bytes."""
    return b"".join(len(part).to_bytes(8, "big") + part for part in parts)


@attrs.frozen
class LogChain:
    secret: bytes | None = None  # None: a plain store's public chain

    @property
    def is_keyed(self) -> bool:
        return self.secret is not None

    def link(self, previous: bytes, position: int, event: StoredEvent) -> bytes:
        originator = event.originator_id
        message = _framed(
            previous,
            position.to_bytes(8, "big"),
            originator.bytes if isinstance(originator, uuid.UUID) else str(originator).encode(),
            int(event.originator_version).to_bytes(8, "big"),
            event.topic.encode(),
            _bytes(event.state),
        )
        return _mac(self.secret or PUBLIC, message)[:LINK_SIZE]

    def links(self, previous: bytes, events: list[tuple[int, StoredEvent]]) -> list[tuple[int, bytes]]:
        """(position, link) for events in position order, chained on from `previous`."""
        result = []
        for position, event in events:
            previous = self.link(previous, position, event)
            result.append((position, previous))
        return result


def head_text(position: int, link: bytes) -> str:
    return f"{position}:{link.hex()}"


def parse_head(text: str) -> tuple[int, bytes] | None:
    position, sep, digest = text.strip().partition(":")
    try:
        link = bytes.fromhex(digest)
    except ValueError:
        return None
    if not sep or not position.isdigit() or len(link) != LINK_SIZE:
        return None
    return int(position), link


def chain_problems(
    chain: LogChain,
    events: Iterator[tuple[int, StoredEvent]],
    links: Iterator[tuple[int, bytes]],
) -> Iterator[tuple[int, str]]:
    """(position, what is wrong) for every event that breaks the chain, from the log's events and
    the chain's links, each in position order. Each link is checked against the link before it
    as stored, so one altered event is named alone, not with everything after it."""
    previous = GENESIS
    event, link = next(events, None), next(links, None)
    while event is not None or link is not None:
        if link is None or (event is not None and event[0] < link[0]):
            assert event is not None
            yield (
                event[0],
                (
                    "was inserted: the chain has no link for it"
                    if link is not None
                    else "is not in the chain: written by something other than Storyline, or the chain was cut here"
                ),
            )
            event = next(events, None)
        elif event is None or link[0] < event[0]:
            yield link[0], "was removed: the chain has its link, the log does not hold it"
            previous, link = link[1], next(links, None)
        else:
            if chain.link(previous, event[0], event[1]) != link[1]:
                yield (
                    event[0],
                    "was altered, or moved here from elsewhere in the log: it does not match its link",
                )
            previous = link[1]
            event, link = next(events, None), next(links, None)
