"""Cleaning what people write: one function for every write path of every app.

Control characters and bidi overrides (U+202A–U+202E, U+2066–U+2069) are invisible and can
disguise text ("Trojan Source"); they never have a place in what the platform stores.
"""

import re
import unicodedata

# C0 controls except tab and line feed, DEL, zero-width and directional marks and overrides.
_INVISIBLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def strip_control_characters(value: str) -> str:
    """The text in NFC with unified line breaks and without control or bidi characters.

    Keeps everything else (markup a field allows, spacing); callers that want plain text strip
    tags and collapse blank lines themselves.
    """
    text = unicodedata.normalize("NFC", value or "").replace("\r\n", "\n").replace("\r", "\n")
    return _INVISIBLE.sub("", text)
