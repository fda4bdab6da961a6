"""Sealed ballots: every electronic vote is encrypted to its round's public key (§ 9).

A libsodium sealed box (X25519 with a fresh sender key per ballot, XSalsa20-Poly1305) can be made
by anybody holding the public key and opened only with the private key. The private key is
created when a round opens, shown to the Wahlleitung once and stored nowhere; the count needs it
back. Until then a ballot row holds ciphertext only, so nothing in the database, its logs
(WAL), replicas or backups tells a choice, even where a row can be linked to the organisation
that cast it (for example through PostgreSQL's transaction ids).

The plaintext has one fixed length whatever the choice, and a random nonce, so neither the
length nor equality of ciphertexts says anything (a sealed box is randomised anyway).

Nothing here touches the database; the services in wahlen/services/ call these functions.
"""

import base64
import hashlib
import hmac
import re
import secrets
import struct

from nacl.bindings import crypto_box_SEALBYTES
from nacl.exceptions import CryptoError
from nacl.public import PrivateKey, PublicKey, SealedBox

FORMAT_VERSION = 1
# version, round id, candidacy id (0 = abstention), random nonce; zero padding up to the length
_LAYOUT = struct.Struct(">BQQ16s")
PLAINTEXT_LENGTH = 64
SEALED_LENGTH = crypto_box_SEALBYTES + PLAINTEXT_LENGTH  # 112 bytes for every ballot

# The printed key: 32 key bytes and 3 check bytes in base32 (A–Z, 2–7), 56 characters in
# groups of four. The check bytes tell a typing error apart from a key of another round.
_CHECK_LENGTH = 3
_KEY_CHARACTERS = 56
_GROUPED_KEY = re.compile(r"\b[A-Z2-7]{4}(?:-[A-Z2-7]{4}){13}\b")
# Characters that are easily typed for base32 letters: 0 → O, 1 → I, 8 → B.
_LOOK_ALIKES = str.maketrans({"0": "O", "1": "I", "8": "B"})


class MalformedKey(ValueError):
    """The text is no private key of this format, or it was copied with a typing error."""


class BrokenBallot(ValueError):
    """A sealed ballot that the key does not open or whose content is not a ballot."""


def new_key_pair() -> tuple[str, str]:
    """A fresh key pair: (public key as hex for the database, private key as printable text)."""
    private = PrivateKey.generate()
    return bytes(private.public_key).hex(), format_private_key(private)


def format_private_key(private: PrivateKey) -> str:
    """ABCD-EFGH-… : the private key with check bytes, for print and download."""
    raw = bytes(private)
    text = base64.b32encode(raw + _check(raw)).decode()
    return "-".join(text[start : start + 4] for start in range(0, len(text), 4))


def parse_private_key(text: str) -> PrivateKey:
    """The private key from what was typed, pasted or uploaded (the whole key file is fine)."""
    upper = (text or "").upper()
    grouped = _GROUPED_KEY.search(upper)
    candidate = grouped.group(0) if grouped else upper
    plain = "".join(char for char in candidate if char.isalnum()).translate(_LOOK_ALIKES)
    if len(plain) != _KEY_CHARACTERS or not re.fullmatch(r"[A-Z2-7]+", plain):
        raise MalformedKey("not a key of 56 base32 characters")
    raw = base64.b32decode(plain)
    key, check = raw[: PrivateKey.SIZE], raw[PrivateKey.SIZE :]
    if not hmac.compare_digest(check, _check(key)):
        raise MalformedKey("check bytes do not match")
    return PrivateKey(key)


def key_matches(private: PrivateKey, public_key: str) -> bool:
    """Whether the private key belongs to the public key (hex) stored with the round."""
    return hmac.compare_digest(bytes(private.public_key), bytes.fromhex(public_key))


def fingerprint(public_key: str) -> str:
    """A short name of a round's key pair, printed with the key and shown at the count."""
    digest = hashlib.sha256(bytes.fromhex(public_key)).hexdigest()[:16].upper()
    return " ".join(digest[start : start + 4] for start in range(0, len(digest), 4))


def seal(*, public_key: str, round_id: int, candidacy_id: int | None) -> bytes:
    """Encrypt one vote (a candidacy, or None for an abstention) to the round's public key."""
    plaintext = _LAYOUT.pack(
        FORMAT_VERSION, round_id, candidacy_id or 0, secrets.token_bytes(16)
    ).ljust(PLAINTEXT_LENGTH, b"\0")
    return SealedBox(PublicKey(bytes.fromhex(public_key))).encrypt(plaintext)


def unseal(*, private: PrivateKey, sealed: bytes) -> tuple[int, int | None]:
    """Open a sealed ballot: (round id, candidacy id or None for an abstention)."""
    try:
        plaintext = SealedBox(private).decrypt(bytes(sealed))
    except CryptoError as error:
        raise BrokenBallot("the key does not open this ballot") from error
    if len(plaintext) != PLAINTEXT_LENGTH or any(plaintext[_LAYOUT.size :]):
        raise BrokenBallot("unexpected length or padding")
    version, round_id, candidacy_id, _nonce = _LAYOUT.unpack(plaintext[: _LAYOUT.size])
    if version != FORMAT_VERSION:
        raise BrokenBallot("unknown format version")
    return round_id, candidacy_id or None


def _check(raw: bytes) -> bytes:
    return hashlib.sha256(b"lip-wahlschluessel" + raw).digest()[:_CHECK_LENGTH]
