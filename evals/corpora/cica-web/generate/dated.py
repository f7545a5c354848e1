"""Build the .docx document of the cica-web "dated" corpus part (deterministic).

Run with the project venv:  .venv/bin/python evals/corpora/cica-web/generate/dated.py
Writes corpus/dated/secretariat-information-note-2012.docx, whose core properties record the
day the note was written (2012-02-27), so that ingest dates it by its metadata.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path

from docx import Document

OUT = Path(__file__).resolve().parent.parent / "corpus" / "dated"
WRITTEN = datetime(2012, 2, 27)


def _new_document(title: str) -> Document:
    doc = Document()
    props = doc.core_properties
    props.title = title
    props.author = "CICA Secretariat"
    props.created = WRITTEN
    props.modified = WRITTEN
    props.last_printed = WRITTEN
    props.revision = 1
    return doc


def _table(doc: Document, header: list[str], rows: list[list[str]]) -> None:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=False):
        cell.text = text
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=False):
            cell.text = text


def build_information_note() -> Path:
    title = "The CICA Secretariat under the Turkish Chairmanship"
    doc = _new_document(title)
    doc.add_heading(title, level=1)
    doc.add_paragraph(
        "Information note on the Secretariat of the Conference on Interaction and Confidence "
        "Building Measures in Asia and on the Chairmanship it currently serves."
    )

    doc.add_heading("The Secretariat", level=2)
    doc.add_paragraph(
        "The Secretariat is the permanent administrative body of CICA. It was established on "
        "17 June 2006 and is located in Almaty, Kazakhstan. It works under the Almaty Act, the "
        "CICA Rules of Procedure and the Statute of the Secretariat: it supports the meetings "
        "of the Conference, keeps the archive of CICA documents, circulates information on how "
        "confidence building measures are being carried out and assists the chairing country."
    )
    doc.add_paragraph(
        "Its staff consists of the Executive Director, the Deputy Executive Director, "
        "professional personnel and general support personnel. The Executive Director is "
        "appointed by the CICA Ministers of Foreign Affairs on the recommendation of the "
        "Member State chairing the Conference, from among its nationals, and holds office "
        "during that state's Chairmanship."
    )

    doc.add_heading("The Turkish Chairmanship", level=2)
    doc.add_paragraph(
        "Turkey, one of the founding members of CICA, took over the Chairmanship from "
        "Kazakhstan at the Third CICA Summit, held in Istanbul on 7-9 June 2010, for a period "
        "of two years. To prepare it, the Turkish Ministry of Foreign Affairs had set up a CICA "
        "Turkish Task Force, headed by an Ambassador, in November 2009."
    )
    doc.add_paragraph(
        "When the Turkish Chairmanship began at the Istanbul Summit, Ambassador Çınar Aldemir "
        "was appointed Executive Director of the CICA Secretariat in Almaty. A second Turkish "
        "diplomat works in the Secretariat at the level of director."
    )
    doc.add_paragraph(
        "The Conference groups its confidence building measures in five dimensions: the "
        "military-political dimension, the economic dimension, the environmental dimension, "
        "the human dimension and the dimension of new challenges and threats. The Turkish "
        "Chairmanship seeks to bring a military-political agenda into CICA and to build a "
        "culture of confidence building measures like that of the OSCE."
    )

    doc.add_heading("Key facts", level=2)
    _table(
        doc,
        ["Item", "Situation in February 2012"],
        [
            ["Chair", "Turkey (from the Istanbul Summit of June 2010, for two years)"],
            ["Head of the Secretariat", "Executive Director Çınar Aldemir (Turkey)"],
            ["Seat of the Secretariat", "Almaty"],
            ["Member States", "24 (Bahrain and Cambodia joined in 2011)"],
        ],
    )

    doc.add_heading("Meetings under the Turkish Chairmanship so far", level=2)
    _table(
        doc,
        ["Meeting", "Where"],
        [
            [
                "Special Working Group and Senior Officials Committee (5 meetings)",
                "Ankara, İstanbul, Antalya, İzmir and Tongxiang (China)",
            ],
            ["CICA-IOM workshop", "Antalya"],
            ["CICA sub-economic group (3 meetings)", "Bangkok, Antalya, İzmir"],
            ["Experts meeting on small and medium enterprises", "İstanbul"],
            [
                "First informal meeting of CICA foreign ministers (September 2011)",
                "New York, on the margins of the 66th UN General Assembly",
            ],
        ],
    )

    path = OUT / "secretariat-information-note-2012.docx"
    doc.save(str(path))
    _fix_zip_times(path)
    return path


def _fix_zip_times(path: Path) -> None:
    """Rewrite the .docx archive with fixed member timestamps, so rebuilds are byte-identical."""
    with zipfile.ZipFile(path) as source:
        members = [(info.filename, source.read(info)) for info in source.infolist()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=(2012, 2, 27, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, data)
    path.write_bytes(buffer.getvalue())


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    print(f"wrote {build_information_note()}")


if __name__ == "__main__":
    main()
