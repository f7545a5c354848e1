import pytest

from cica_qa.ingest.decode import DecodeError, decode_text


def test_utf8_needs_no_warning():
    assert decode_text("Türkiye".encode()).text == "Türkiye"
    assert decode_text("Türkiye".encode()).warning == ""


def test_nul_bytes_mean_binary():
    with pytest.raises(DecodeError, match="binary content"):
        decode_text(b"abc\x00def")


def test_legacy_encodings_are_told_apart():
    assert decode_text("Привет, мир! Совещание министров".encode("cp1251")).text.startswith(
        "Привет"
    )
    assert decode_text("café au lait, crème brûlée".encode("latin-1")).text.startswith("café")
