"""Build the SOC part's .docx document into corpus/soc/ (deterministic: fixed core dates).

Run with the project venv:  .venv/bin/python evals/corpora/cica-web/generate/soc.py
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from docx import Document

OUT = Path(__file__).resolve().parent.parent / "corpus" / "soc"

TITLE = "Senior Officials recommend Azerbaijan for the 2024-2026 CICA Chairmanship"

PARAGRAPHS_INTRO = [
    "CICA Secretariat – meeting report, 2024-03-14",
    "The Senior Officials Committee (SOC) met in Astana on 2024-03-14 under the chairmanship "
    "of Alibek Bakayev, Deputy Minister of Foreign Affairs of Kazakhstan. Representatives of the "
    "Member States, the Kazakh Chairmanship and the CICA Secretariat took part. The Chairmanship "
    "reported on progress during its 2023-2024 term and argued that the transformation of CICA "
    "should be a structured, result-oriented and gradual process, but not a protracted one.",
]

MEETINGS = [
    (
        "2024-03-12",
        "Special Working Group",
        "Online, hosted by the CICA Secretariat in Astana",
        "Talgat Kaliyev, Ambassador-at-Large",
    ),
    (
        "2024-03-14",
        "Senior Officials Committee",
        "Astana",
        "Alibek Bakayev, Deputy Minister of Foreign Affairs",
    ),
    ("2024-03-19", "Council of Foreign Ministers", "Not stated", "Not stated"),
]

PREPARATION = [
    "Two days before, the first Special Working Group (SWG) meeting of 2024 prepared the SOC "
    "agenda. Chaired by Talgat Kaliyev, Ambassador-at-Large of the Ministry of Foreign Affairs "
    "of the Republic of Kazakhstan, the SWG finalized the draft Memorandum of Establishment of the "
    "Partnership Network of Leading Universities of CICA Member States, one of the priorities "
    "President Kassym-Jomart Tokayev set out at the Sixth CICA Summit in October 2022.",
    "The SWG also looked at the draft annual plan of the CICA Think Tank Forum for 2024, which "
    "includes a symposium on the 25th anniversary of the Declaration on the Principles Guiding "
    "Relations between CICA Member States, discussed possible relations with the United Nations "
    "Office of Counter-Terrorism (UNOCT) and UNESCAP, and recommended that the SOC approve a "
    "procedure for publishing national documents on volunteerism on the CICA website on the basis "
    "of consensus.",
]

TRANSFORMATION = [
    "For the first time the SOC discussed in depth four of the eight clusters of the Road Map for "
    "CICA Transformation, concentrating on the elements of a future CICA Charter, which Member "
    "States see as the culmination of the transformation process. Alibek Bakayev presented the "
    "Chairmanship's proposals for the Charter and its ideas for updating the Rules of Procedure "
    "and other regulatory documents. New areas of cooperation were also discussed.",
]

DECISIONS = [
    "recommended that the CICA Council of Ministers confirm Azerbaijan as CICA Chair for "
    "2024-2026 through a silence procedure;",
    "approved the draft Memorandum on the Establishment of a Partnership Network of Leading "
    "Universities of CICA Member States, for adoption by the Ministerial Council;",
    "welcomed sharing information on national volunteerism policies, strategies, research and "
    "best practices through the CICA website, on the basis of consensus;",
    "reviewed the draft work plan of the CICA Think Tank Forum for 2024;",
    "endorsed a partnership between CICA and the United Nations Economic and Social Commission "
    "for Asia and the Pacific (UN ESCAP).",
]

CLOSING = [
    "Secretary General Kairat Sarybay presented the financial report. Delegations also exchanged "
    "views on this year's events, including the Ministerial Conference on Environmental Issues "
    "and the Rally of Volunteer Movement Leaders.",
    "Following the SOC's recommendation, the CICA Council of Foreign Ministers elected Azerbaijan "
    "as CICA Chair for 2024-2026 on 2024-03-19. Azerbaijan plans to host a meeting of the Council "
    "of Foreign Ministers in 2024 and a meeting of the Council of Heads of State and Government in "
    "2026. Within CICA, Azerbaijan already coordinates the confidence building measure "
    '"Development of safe and efficient transport corridors".',
]


def build() -> Path:
    doc = Document()
    # the day of the meeting report, as a file saved that day records it
    doc.core_properties.created = datetime(2024, 3, 14)
    doc.core_properties.modified = datetime(2024, 3, 14)
    doc.core_properties.title = TITLE
    doc.core_properties.author = "CICA Secretariat"

    doc.add_heading(TITLE, level=1)
    for text in PARAGRAPHS_INTRO:
        doc.add_paragraph(text)

    doc.add_heading("Meetings in March 2024", level=2)
    table = doc.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(
        table.rows[0].cells, ("Date", "Body", "Format or venue", "Chair"), strict=False
    ):
        cell.text = text
    for row in MEETINGS:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=False):
            cell.text = text

    doc.add_heading("Preparation by the Special Working Group", level=2)
    for text in PREPARATION:
        doc.add_paragraph(text)

    doc.add_heading("Transformation Road Map", level=2)
    for text in TRANSFORMATION:
        doc.add_paragraph(text)

    doc.add_heading("Decisions of the SOC", level=2)
    doc.add_paragraph("The Senior Officials Committee:")
    for text in DECISIONS:
        doc.add_paragraph(text, style="List Bullet")

    doc.add_heading("Other business and follow-up", level=2)
    for text in CLOSING:
        doc.add_paragraph(text)

    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / "soc-2024-03-14-chairmanship-recommendation.docx"
    doc.save(path)
    return path


if __name__ == "__main__":
    print(build())
