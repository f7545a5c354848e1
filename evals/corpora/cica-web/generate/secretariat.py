"""Build the .docx documents of the cica-web "secretariat" corpus (deterministic).

Run with the project venv:  .venv/bin/python evals/corpora/cica-web/generate/secretariat.py
Writes into ../corpus/secretariat/.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from docx import Document

OUT = Path(__file__).resolve().parent.parent / "corpus" / "secretariat"
FIXED = datetime(2025, 1, 1)


def _new_document(title: str) -> Document:
    doc = Document()
    props = doc.core_properties
    props.title = title
    props.author = "CICA Secretariat"
    props.created = FIXED
    props.modified = FIXED
    props.last_printed = FIXED
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


def build_leadership() -> Path:
    doc = _new_document("Heads of the CICA Secretariat, 2006-2025")
    doc.add_heading("Heads of the CICA Secretariat, 2006-2025", level=1)
    doc.add_paragraph(
        "Briefing note of the CICA Secretariat on the persons who have led it since it was set "
        "up in 2006, and on the change of the title of its head in 2022."
    )

    doc.add_heading("How the head of the Secretariat is chosen", level=2)
    doc.add_paragraph(
        "Under the Statute of the Secretariat, the CICA Ministers of Foreign Affairs appoint the "
        "head of the Secretariat on the recommendation of the Member State that chairs the "
        "Conference, choosing one of that state's nationals. The appointment lasts as long as "
        "that state's chairmanship. The Deputy is likewise appointed by the Ministers of Foreign "
        "Affairs."
    )

    doc.add_heading("Heads of the Secretariat", level=2)
    _table(
        doc,
        ["Name", "Post", "Period", "Chairing country"],
        [
            ["Jandos Asanov", "Executive Director", "2006-2008", "Kazakhstan"],
            ["Çınar Aldemir", "Executive Director", "2010-2014", "Turkey"],
            ["Gong Jianwei", "Executive Director", "2014-2018", "China"],
            ["Habibullo Mirzozoda", "Executive Director", "2018-2020", "Tajikistan"],
            ["Kairat Sarybay", "Executive Director", "2020-2022", "Kazakhstan"],
            [
                "Kairat Sarybay",
                "Secretary General",
                "since 13.10.2022",
                "Kazakhstan, then Azerbaijan",
            ],
        ],
    )

    doc.add_heading("Notes on individual terms", level=2)
    doc.add_paragraph(
        "Jandos Asanov was the first Executive Director and served from 2006 to 2008; he later "
        "became Secretary General of TURKPA. Ambassador Çınar Aldemir, a Turkish diplomat, was "
        "appointed when Turkey took over the chairmanship at the Third CICA Summit in Istanbul "
        "in 2010 and worked from the Secretariat's office in Almaty. Ambassador Gong Jianwei of "
        "China headed the Secretariat during the Chinese chairmanship, with Ms. A. Bakytbekkyzy "
        "of Kazakhstan as Deputy Executive Director."
    )
    doc.add_paragraph(
        "Habibullo Mirzozoda (also written Mirzoyev) of Tajikistan was appointed on 24.09.2018 "
        "at a Special Meeting of CICA Ministers of Foreign Affairs in New York, when Tajikistan "
        "took over the chairmanship from China; all 27 Member States supported his candidacy."
    )
    doc.add_paragraph(
        "Ambassador Kairat Sarybay (also spelled Sarybai) of Kazakhstan took up the post of "
        "Executive Director after the Special Ministerial Meeting held by videoconference on "
        "24.09.2020, at which Kazakhstan assumed the chairmanship from Tajikistan. On 01.10.2020 "
        "Shakhrat Nuryshev, First Deputy Minister of Foreign Affairs of Kazakhstan, introduced "
        "him to the Secretariat staff, and on 17.11.2020 he was received by President "
        "Kassym-Jomart Tokayev."
    )

    doc.add_heading("From Executive Director to Secretary General", level=2)
    doc.add_paragraph(
        "The Sixth CICA Summit in Astana renamed the post of Executive Director as Secretary "
        "General and, on 13.10.2022, appointed Kairat Sarybay as the first CICA Secretary "
        "General. On 12.12.2022 the Special Working Group recommended to the Senior Officials "
        "Committee that the post of Deputy Executive Director be renamed Deputy Secretary "
        "General of CICA accordingly. Kairat Sarybay has remained Secretary General under the "
        "Azerbaijani chairmanship that began on 19.03.2024."
    )

    path = OUT / "secretariat-heads.docx"
    doc.save(path)
    return path


FOUNDERS = [
    "Afghanistan",
    "Azerbaijan",
    "China",
    "Egypt",
    "India",
    "Iran",
    "Israel",
    "Kazakhstan",
    "Kyrgyzstan",
    "Mongolia",
    "Pakistan",
    "Palestine",
    "Russia",
    "Tajikistan",
    "Turkey",
    "Uzbekistan",
]
LATER = [
    ["Thailand", "2004", "Second Ministerial Meeting, Almaty (17th member)"],
    ["Republic of Korea", "2006", "Second Summit, Almaty"],
    ["Jordan", "2008", "Third Ministerial Meeting, Almaty"],
    ["United Arab Emirates", "2008", "Third Ministerial Meeting, Almaty"],
    ["Iraq", "2010", "Third Summit, Istanbul"],
    ["Vietnam", "2010", "Third Summit, Istanbul"],
    ["Bahrain", "2011", "-"],
    ["Cambodia", "2011", "-"],
    ["Bangladesh", "2014", "Fourth Summit, Shanghai"],
    ["Qatar", "2014", "Fourth Summit, Shanghai"],
    ["Sri Lanka", "2018", "Signing ceremony in Beijing (27th member)"],
    ["Kuwait", "2022", "Sixth Summit, Astana (28th member)"],
]


def build_register() -> Path:
    doc = _new_document("Register of CICA Member States")
    doc.add_heading("Register of CICA Member States", level=1)
    doc.add_paragraph(
        "Reference table kept by the CICA Secretariat of the 28 Member States and the year each "
        "one joined. A state becomes a member by signing the Declaration on the Principles "
        "Guiding Relations between the CICA Member States and the Almaty Act."
    )

    doc.add_heading("Founding members", level=2)
    doc.add_paragraph(
        "Fifteen states took part in the First Meeting of Ministers of Foreign Affairs on "
        "14 September 1999, and sixteen Member States attended the First Summit in Almaty on "
        "4 June 2002. These sixteen are listed below with the year 2002."
    )

    doc.add_heading("Member States and accession years", level=2)
    rows = [[name, "2002", "Founding member (First Summit)"] for name in FOUNDERS] + LATER
    _table(doc, ["Member State", "Year joined", "Occasion"], rows)

    doc.add_heading("Milestones", level=2)
    doc.add_paragraph(
        "Membership reached 24 with Bahrain and Cambodia in 2011 and 26 with Bangladesh and "
        "Qatar in 2014. Qatar had been approved as an observer in 2008, Bangladesh had been an "
        "observer since 2010 and Sri Lanka since 2012 before each became a full member."
    )
    path = OUT / "member-states-register.docx"
    doc.save(path)
    return path


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for path in (build_leadership(), build_register()):
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
