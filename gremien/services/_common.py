"""What the gremien services share."""

from lip.text import strip_control_characters


def tidy(value: str) -> str:
    """Free text as stored: without control or bidi characters (lip.text), trimmed."""
    return strip_control_characters(value).strip()
