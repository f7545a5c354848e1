"""One reader per format; `parse_file` picks it by extension and turns failures into Skipped."""

from __future__ import annotations

from collections.abc import Callable

from cica_qa.ingest.blocks import Block, ParsedDocument
from cica_qa.ingest.dating import date_document
from cica_qa.ingest.decode import DecodeError, decode_text
from cica_qa.ingest.frontmatter import FrontMatter, FrontMatterError, split_front_matter
from cica_qa.ingest.load import Skipped, SourceFile

MAX_DOCUMENT_CHARS = 2_000_000  # CICA_MAX_DOCUMENT_CHARS: parsing costs ~250 bytes a character


class TooLongError(ValueError):
    """A document holds more than ingest reads from one document (the message says what)."""


def parse_file(source: SourceFile, max_chars: int = MAX_DOCUMENT_CHARS) -> ParsedDocument | Skipped:
    """Read one corpus file into blocks, or say why it cannot be read (also when it holds
    more than `max_chars` characters of text: memory grows with a document's text)."""
    try:
        if source.suffix in TEXT_READERS:
            return _parse_text_format(source, max_chars)
        blocks = BINARY_READERS[source.suffix](source.data, max_chars)
        _check_length(sum(len(b.text) for b in blocks), max_chars)
        recorded = BINARY_DATES[source.suffix](source.data)
    except (DecodeError, FrontMatterError, TooLongError) as error:
        return Skipped(source.name, str(error))
    except Exception as error:  # a broken PDF or DOCX raises library-specific errors
        kind = source.suffix.lstrip(".").upper()
        return Skipped(source.name, f"{kind} could not be parsed ({_describe(error)})")
    return _document(source, blocks, recorded=recorded)


def _check_length(chars: int, limit: int) -> None:
    if chars > limit:
        raise TooLongError(
            f"{chars:,} characters of text, over the {limit:,} one document may hold: split "
            "it into smaller documents, or raise CICA_MAX_DOCUMENT_CHARS"
        )


def _parse_text_format(source: SourceFile, max_chars: int) -> ParsedDocument | Skipped:
    decoded = decode_text(source.data)
    _check_length(len(decoded.text), max_chars)
    front, text = (
        split_front_matter(decoded.text)
        if source.suffix == ".md"
        else (FrontMatter(), decoded.text)
    )
    blocks = TEXT_READERS[source.suffix](text)
    warnings = (decoded.warning,) if decoded.warning else ()
    recorded = _html_dates(text) if source.suffix in (".html", ".htm") else ()
    return _document(source, blocks, front, warnings, recorded)


def _document(
    source: SourceFile,
    blocks: tuple[Block, ...],
    front: FrontMatter | None = None,
    warnings: tuple[str, ...] = (),
    recorded: tuple[str, ...] = (),
) -> ParsedDocument | Skipped:
    if not any(b.text.strip() for b in blocks):
        return Skipped(source.name, "no text found")
    front = front or FrontMatter()
    return ParsedDocument(
        name=source.name,
        sha256=source.sha256,
        blocks=blocks,
        edition_of=front.edition_of,
        edition_of_sha256=front.edition_of_sha256,
        glossary=front.glossary,
        warnings=warnings,
        date=date_document(source.name, blocks, front.date, recorded),
        supersedes=front.supersedes,
    )


def _describe(error: Exception) -> str:
    message = str(error).splitlines()[0] if str(error) else ""
    return f"{error.__class__.__name__}: {message}"[:200] if message else error.__class__.__name__


def _read_text(text: str) -> tuple[Block, ...]:
    from cica_qa.ingest.readers.text import read_plain_text

    return read_plain_text(text)


def _read_markdown(text: str) -> tuple[Block, ...]:
    from cica_qa.ingest.readers.markdown import read_markdown

    return read_markdown(text)


def _read_html(text: str) -> tuple[Block, ...]:
    from cica_qa.ingest.readers.html import read_html

    return read_html(text)


def _read_pdf(data: bytes, max_chars: int) -> tuple[Block, ...]:
    from cica_qa.ingest.readers.pdf import read_pdf

    return read_pdf(data)


def _read_docx(data: bytes, max_chars: int) -> tuple[Block, ...]:
    from cica_qa.ingest.readers.docx import read_docx

    return read_docx(data, max_chars)


def _pdf_dates(data: bytes) -> tuple[str, ...]:
    from cica_qa.ingest.readers.pdf import pdf_dates

    return pdf_dates(data)


def _docx_dates(data: bytes) -> tuple[str, ...]:
    from cica_qa.ingest.readers.docx import docx_dates

    return docx_dates(data)


def _html_dates(text: str) -> tuple[str, ...]:
    from cica_qa.ingest.readers.html import html_dates

    return html_dates(text)


TEXT_READERS: dict[str, Callable[[str], tuple[Block, ...]]] = {
    ".txt": _read_text,
    ".md": _read_markdown,
    ".html": _read_html,
    ".htm": _read_html,
}
BINARY_READERS: dict[str, Callable[[bytes, int], tuple[Block, ...]]] = {
    ".pdf": _read_pdf,
    ".docx": _read_docx,
}
BINARY_DATES: dict[str, Callable[[bytes], tuple[str, ...]]] = {  # created, then modified
    ".pdf": _pdf_dates,
    ".docx": _docx_dates,
}
