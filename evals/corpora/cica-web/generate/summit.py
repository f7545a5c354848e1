"""Build the PDF document of the "summit" part of the cica-web eval corpus.

Writes corpus/summit/cica-summits-overview.pdf (fpdf2, core Helvetica font, so the text
must stay within Latin-1). Deterministic: a fixed creation date and no other varying input.
Run with: .venv/bin/python evals/corpora/cica-web/generate/summit.py
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from fpdf import FPDF

OUT_DIR = Path(__file__).resolve().parent.parent / "corpus" / "summit"

TITLE = "CICA Summits 2002-2022: reference overview"

INTRO = (
    "The Summit, called the Council of Heads of State or Government since the Astana "
    "Statement of 2022, is the highest level at which CICA Member States meet. Six regular "
    "Summits have been held so far, three of them in Kazakhstan. This overview, prepared by "
    "the CICA Secretariat for new staff and delegations, lists where and when each met, who "
    "chaired it and what it adopted. Azerbaijan, Chair for 2024-2026, is to host the next "
    "Summit in 2026."
)

TABLE = [
    ("Summit", "Date", "Venue", "Host / Chair", "Main outcome"),
    (
        "1st",
        "June 4, 2002",
        "Almaty",
        "Kazakhstan",
        "Almaty Act; CICA Declaration on Eliminating Terrorism and Promoting Dialogue "
        "among Civilizations",
    ),
    (
        "2nd",
        "June 17, 2006",
        "Almaty",
        "Kazakhstan",
        "Summit Declaration; Republic of Korea joins as 18th member; CICA Secretariat established",
    ),
    (
        "3rd",
        "June 7-9, 2010",
        "Istanbul",
        "Turkey",
        "Declaration and Chairman's Conclusion; Turkey takes over the Chairmanship",
    ),
    (
        "4th",
        "May 20-21, 2014",
        "Shanghai",
        "China",
        "Summit Declaration; China takes over the Chairmanship",
    ),
    ("5th", "June 15, 2019", "Dushanbe", "Tajikistan", "Dushanbe Declaration"),
    (
        "6th",
        "October 12-13, 2022",
        "Astana",
        "Kazakhstan",
        "Astana Statement on CICA Transformation; Kuwait joins as 28th member",
    ),
]

SECTIONS = [
    (
        "1st Summit, Almaty",
        [
            "Sixteen Member States and ten observer states and organizations took part. The "
            "leaders adopted the Almaty Act, the most important constitutive document of CICA, "
            "which serves as its Charter and states the aim of a common and indivisible area of "
            "security in Asia. They agreed to prepare a CICA Catalogue of Confidence Building "
            "Measures and, in principle, to set up a Secretariat. A second text, the CICA "
            "Declaration on Eliminating Terrorism and Promoting Dialogue among Civilizations, "
            "condemned terrorism in all its forms.",
        ],
    ),
    (
        "2nd Summit, Almaty",
        [
            "CICA had 17 Member States when the leaders met. During the Summit the Republic of "
            "Korea became the 18th. The joint declaration covered terrorism and extremism, "
            "reform of the United Nations and the non-proliferation of weapons of mass "
            "destruction, and the CICA Secretariat was established on the same day.",
        ],
    ),
    (
        "3rd Summit, Istanbul",
        [
            'Held under the theme "Constructing Cooperative Security in Asia" and opened by '
            "President Abdullah Gul. Heads of State and Government, ministers or representatives "
            "of 37 countries and the heads or deputy heads of 16 international organizations "
            'attended. A special event, "Security and Economic Cooperation in Eurasia in the '
            '21st Century", took place on 7 June 2010 with OSCE Asian Partners for '
            "Co-operation.",
        ],
    ),
    (
        "4th Summit, Shanghai",
        [
            "President Xi Jinping presided at the Shanghai Expo Center under the theme "
            '"Enhancing Dialogue, Trust and Coordination for a New Asia of Peace, Stability and '
            'Cooperation" and gave the keynote speech "New Asian Security Concept for New '
            'Progress in Security Cooperation". Eleven heads of state attended; Foreign '
            "Minister Ahmet Davutoglu represented President Abdullah Gul of Turkey.",
        ],
    ),
    (
        "5th Summit, Dushanbe",
        [
            'Hosted by President Emomali Rahmon under the theme "Common Vision for a Safe and '
            'More Prosperous CICA Region". The Dushanbe Declaration set the Sixth Meeting of '
            "CICA Ministers of Foreign Affairs for 2020 and the Sixth CICA Summit for 2022.",
        ],
    ),
    (
        "6th Summit, Astana",
        [
            "Marking 30 years of the CICA process, the Summit launched the transformation of "
            "CICA into a full-fledged regional international organization, established the "
            "CICA Fund and renewed Kazakhstan's Chairmanship for 2022-2024.",
        ],
    ),
]


def build_pdf(path: Path) -> None:
    pdf = FPDF(format="A4")
    pdf.set_creation_date(datetime(2025, 1, 1, tzinfo=UTC))
    pdf.set_title(TITLE)
    pdf.set_author("CICA Secretariat")
    pdf.set_margins(18, 18, 18)
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.add_page()

    pdf.set_font("Helvetica", "B", 16)
    pdf.multi_cell(0, 9, TITLE, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font("Helvetica", "", 10)
    pdf.multi_cell(0, 5.5, INTRO, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)

    pdf.set_font("Helvetica", "B", 13)
    pdf.cell(0, 8, "Summits at a glance", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 9)
    with pdf.table(
        col_widths=(14, 30, 22, 24, 84),
        line_height=5,
        text_align="LEFT",
        first_row_as_headings=True,
    ) as table:
        for data_row in TABLE:
            row = table.row()
            for value in data_row:
                row.cell(value)
    pdf.ln(5)

    for heading, paragraphs in SECTIONS:
        pdf.set_font("Helvetica", "B", 13)
        pdf.cell(0, 8, heading, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 10)
        for paragraph in paragraphs:
            pdf.multi_cell(0, 5.5, paragraph, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)

    pdf.output(str(path))


def main() -> None:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    build_pdf(OUT_DIR / "cica-summits-overview.pdf")


if __name__ == "__main__":
    main()
