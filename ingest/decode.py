"""Bytes of a text format -> text: UTF-8 (with or without BOM), else a detected legacy encoding."""

from __future__ import annotations

from dataclasses import dataclass

LEGACY_ENCODINGS = ["cp1251", "latin_1"]


@dataclass(frozen=True)
class Decoded:
    """Text and, when it was not UTF-8, a warning naming the encoding used."""

    text: str
    warning: str = ""


class DecodeError(ValueError):
    """The bytes are not text in any encoding we accept."""


def decode_text(data: bytes) -> Decoded:
    """Decode as UTF-8 (a BOM is dropped); else cp1251 or latin-1, as charset-normalizer judges."""
    if b"\x00" in data:
        raise DecodeError("binary content (NUL bytes), not text: save it as UTF-8 text")
    try:
        return Decoded(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=LEGACY_ENCODINGS).best()
    if best is None:
        raise DecodeError("not UTF-8, cp1251 or latin-1 text: re-save it as UTF-8")
    return Decoded(str(best), f"not UTF-8; read as {best.encoding}: re-save it as UTF-8 to be sure")
