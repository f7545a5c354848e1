"""Build the catalogue part of the cica-web eval corpus: three PDF catalogue pages (each with a
ruled coordinator table) and one DOCX note on the SME concept paper and action plan.

Deterministic: fixed creation dates, core PDF fonts only. Run with the project's venv:
    .venv/bin/python evals/corpora/cica-web/generate/catalogue.py
Sources: evals/corpora/cica-web/sources/catalogue.md
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "corpus" / "catalogue"
FIXED = datetime(2025, 1, 1, tzinfo=UTC)

# ---------------------------------------------------------------------------------------------
# PDF catalogue pages: (file, title, intro paragraphs, table rows, closing sections)
# ---------------------------------------------------------------------------------------------

HEADER = ("Priority area", "Coordinator", "Co-coordinators")

ECONOMIC = {
    "file": "economic-dimension-coordinators.pdf",
    "title": "CICA Catalogue of CBMs: Economic Dimension",
    "subtitle": "Priority areas and the Member States that coordinate them",
    "intro": [
        "The economic dimension is one of the five dimensions of the CICA Catalogue of "
        "Confidence Building Measures. When the Senior Officials Committee (SOC) met on "
        "15 June 2022 and held the first ever review of how CICA confidence building measures "
        "are implemented, it looked at the eight priority areas of this dimension: small and "
        "medium enterprises, agriculture, information technology, tourism, development of "
        "secure and effective systems of transportation corridors, energy security, finance, "
        "and trade and investment.",
        "The table lists the coordinating and co-coordinating Member States that CICA "
        "Secretariat releases and press reports named between 2021 and 2024. A cell reads "
        '"not named" where none of those reports gives a country.',
    ],
    "rows": [
        ("Development of Small and Medium Enterprises", "Russia", "Türkiye"),
        ("Tourism", "Tajikistan", "Sri Lanka"),
        ("Agriculture", "China", "not named"),
        (
            "Development of secure and effective systems of transportation corridors",
            "Azerbaijan",
            "not named",
        ),
        ("Trade and investment", "not named", "Kyrgyzstan"),
    ],
    "after": [
        (
            "Areas without a named coordinator on this page",
            [
                "Energy security, information technology and finance are priority areas of the "
                "economic dimension, but the reports this page was compiled from do not name "
                "their coordinators.",
            ],
        ),
        (
            "Notes on individual areas",
            [
                "Trade and investment: a working group meeting on 13-14 September 2022 considered "
                "Kyrgyzstan as candidate co-coordinator, and in 2024 the Secretariat described "
                "Kyrgyzstan as co-coordinator of this area.",
                "Agriculture: China, as coordinator, ran an online training programme on "
                '"Agricultural Industry development and Poverty Reduction" that opened on '
                "18 May 2023 and lasted two weeks; it was structured by China's International "
                "Exchange Centre of Yangling Demonstration Zone.",
                "Transportation corridors: on 10 October 2023 the CICA Secretary General, Kairat "
                "Sarybay, said Azerbaijan was effectively coordinating the development of safe "
                "transport corridors.",
                "Tourism: Tajikistan convened the heads of tourism departments online on "
                "22 November 2022; Sri Lanka, as co-coordinator, hosted a Virtual B2B Interactive "
                "Session on 17 August 2021.",
            ],
        ),
    ],
}

NCT = {
    "file": "new-challenges-and-threats-coordinators.pdf",
    "title": "CICA Catalogue of CBMs: New Challenges and Threats",
    "subtitle": "Priority areas, coordinators and co-coordinators",
    "intro": [
        "The updated CICA Catalogue of Confidence Building Measures was adopted by the "
        "Meeting of the CICA Ministers of Foreign Affairs on October 12, 2021. Under the "
        "dimension New Challenges and Threats it sets out measures Member States may take "
        "voluntarily, priority area by priority area. At the Sixth CICA Summit, President "
        "Kassym-Jomart Tokayev noted that the reviewed Catalogue had gained new priority "
        "areas such as epidemiological security, healthcare and pharmacy, and the security "
        "of information and communication technologies.",
        "Coordination of the ICT area is approved for two-year terms, so the table gives the years.",
    ],
    "rows": [
        ("New Challenges and Threats (general)", "Türkiye", "Afghanistan"),
        ("Combating terrorism", "India", "none listed"),
        (
            "Security of and in the use of ICTs",
            "Russia (2022-2023; 2024-2025)",
            "China (2022-2023; 2024-2025)",
        ),
        ("Combating illicit drugs", "Iran", "not named"),
    ],
    "after": [
        (
            "What the general area covers",
            [
                "Exchanging information on combating transnational organized crime (trafficking "
                "in persons, smuggling of migrants, money laundering, illicit trafficking in small "
                "arms and light weapons); law enforcement cooperation on legal, judicial and "
                "criminal matters; contacts between authorities fighting economic crimes; and "
                "information sharing against the proliferation of weapons of mass destruction "
                "and their means of delivery.",
            ],
        ),
        (
            "Coordination terms for ICT security",
            [
                "Russia and China co-coordinated the new measure for 2022-2023; under it Russia "
                "organized an online workshop on Sustainable and Secure Development of the "
                "Internet on 24 August 2022, attended by experts from 18 CICA Member States. "
                "At its meeting of Aug. 21-22, 2023 the SOC approved Russia's coordination, in "
                "collaboration with China, for 2024-2025.",
            ],
        ),
        (
            "Recent activity",
            [
                "As coordinator of Combating terrorism, India held an online counter-"
                "radicalization workshop for law enforcement officials on 2-3 February 2023, "
                "with over 60 participants from 20 CICA Member States. The SOC meeting of "
                "19 April 2023 reviewed implementation with a focus on this dimension.",
            ],
        ),
    ],
}

HUMAN_MP = {
    "file": "human-and-military-political-coordinators.pdf",
    "title": "Human and Military-Political Dimensions",
    "subtitle": "CICA Catalogue of CBMs: coordinators, co-coordinators and agreed measures",
    "intro": [
        "For these two dimensions of the CICA Catalogue of Confidence Building Measures the "
        "Secretariat names coordinators for the dimension as a whole. The human dimension has "
        "one coordinator and four co-coordinators; the military-political dimension has one "
        "of each.",
    ],
    "rows": [
        ("Human dimension", "Uzbekistan", "China, India, Kazakhstan, Kyrgyzstan"),
        ("Military-political dimension", "Kazakhstan", "Türkiye"),
    ],
    "after": [
        (
            "Human dimension",
            [
                "Member States named six priorities for cooperation: dialogue among "
                "civilizations, cultures and religions (taking into account the report of the UN "
                'High Level Group of "Alliance of Civilizations" of November 13th, 2006); '
                "encouraging information agencies and mass media to promote CBMs; cultural "
                "exchange; people-to-people contacts; joint archeological expeditions; and "
                "respect for fundamental rights and freedoms. A concept paper for this dimension "
                "was approved by the SOC in October 2022, and the SOC of 27 June 2024 held its "
                "annual review of human dimension CBMs.",
            ],
        ),
        (
            "Military-political dimension",
            [
                "As of 15 January 2013, Member States had agreed to implement four CBMs of this "
                "dimension; by July 2022 they had developed ten specific military-political "
                "confidence-building measures within the Catalogue. Older Secretariat pages write the co-coordinator "
                "as Turkey.",
                "Kazakhstan, as coordinator, hosts an annual seminar on the development of the "
                "dimension: online on 11 August 2021; on July 13-14, 2022 at the National "
                "Defence University named after the First President of Kazakhstan; and on "
                "23-24 August 2023 in Astana, with 14 CICA Member States attending.",
            ],
        ),
    ],
}


def build_pdf(spec: dict) -> Path:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_creation_date(FIXED)
    pdf.set_title(spec["title"])
    pdf.set_author("CICA Secretariat")
    pdf.set_margins(20, 20, 20)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.multi_cell(0, 8, spec["title"], new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "I", 10)
    pdf.multi_cell(0, 6, spec["subtitle"], new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("Helvetica", "", 10)
    for paragraph in spec["intro"]:
        pdf.multi_cell(0, 5, paragraph, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    pdf.ln(2)
    with pdf.table(col_widths=(50, 25, 25), line_height=6, first_row_as_headings=True) as table:
        for cells in (HEADER, *spec["rows"]):
            row = table.row()
            for cell in cells:
                row.cell(cell)
    pdf.ln(5)
    for heading, paragraphs in spec["after"]:
        pdf.set_font("Helvetica", "B", 13)
        pdf.multi_cell(0, 7, heading, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 10)
        for paragraph in paragraphs:
            pdf.multi_cell(0, 5, paragraph, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
    path = OUT / spec["file"]
    pdf.output(str(path))
    return path


# ---------------------------------------------------------------------------------------------
# DOCX: the SME concept paper and action plan
# ---------------------------------------------------------------------------------------------


def build_docx() -> Path:
    from docx import Document

    doc = Document()
    doc.core_properties.created = datetime(2025, 1, 1)
    doc.core_properties.modified = datetime(2025, 1, 1)
    doc.core_properties.author = "CICA Secretariat"
    doc.core_properties.title = "SME priority area: concept paper and action plan"

    doc.add_heading("Development of Small and Medium Enterprises: concept paper and action plan", 1)
    doc.add_paragraph(
        "Briefing note on the two framework documents of the SME priority area of the CICA "
        "economic dimension. Russia coordinates the area; Türkiye is named as co-coordinator."
    )

    doc.add_heading("The concept paper (2009)", 2)
    doc.add_paragraph(
        "The Senior Officials Committee adopted the SME concept paper on 2009-10-29. Its "
        "purpose is to promote business opportunities and the exchange of information among "
        "small and medium enterprises. It builds on the Catalogue of the CICA CBMs, adopted by "
        "the Meeting of Ministers of Foreign Affairs in October 2004, and on the Cooperative "
        "Approach for Implementation of the CICA CBMs, which the SOC adopted in March 2007."
    )
    doc.add_paragraph("The paper sets seven goals. In short, they are to:")
    for goal in (
        "build an effective and competitive SME sector that strengthens members' economies;",
        "create a favourable legal and economic environment for SME business among members;",
        "widen SME activity through national and other support;",
        "share national regulations and best practices on SME development;",
        "bring SMEs into electronic commerce and ICT and promote technological exchanges;",
        "exchange methods and expertise in information technologies to build business ties;",
        "organize a programme of events to start and broaden SME cooperation.",
    ):
        doc.add_paragraph(goal, style="List Number")

    doc.add_heading("The action plan for 2016-2018", 2)
    doc.add_paragraph(
        "The CICA Action Plan for implementation of CBMs in the area of development of Small "
        "and Medium Enterprises for the period 2016-2018 was approved by the SOC on "
        "2016-01-13. Russia put it forward as the coordinating country for CBMs in the "
        "economic dimension, in line with the cooperative approach. The plan notes that SMEs "
        "account for more than 50% of jobs in the economy, and it aims at fair, open and "
        "transparent business environments and at helping SMEs, especially export-oriented "
        "ones, reach new markets and better financing. Its first area of activity is "
        "information sharing on measures for SME support in the CICA region."
    )

    doc.add_heading("Key dates", 2)
    table = doc.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("Document", "Approved by", "Date"), strict=False):
        cell.text = text
    for values in (
        ("SME concept paper", "Senior Officials Committee", "2009-10-29"),
        ("SME action plan 2016-2018", "Senior Officials Committee", "2016-01-13"),
    ):
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=False):
            cell.text = text

    path = OUT / "sme-concept-paper-and-action-plan.docx"
    doc.save(str(path))
    _fix_zip_times(path)
    return path


def _fix_zip_times(path: Path) -> None:
    """Rewrite the .docx archive with fixed member timestamps, so rebuilds are byte-identical."""
    import io
    import zipfile

    with zipfile.ZipFile(path) as source:
        members = [(info.filename, source.read(info)) for info in source.infolist()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, data)
    path.write_bytes(buffer.getvalue())


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for spec in (ECONOMIC, NCT, HUMAN_MP):
        print(build_pdf(spec))
    print(build_docx())


if __name__ == "__main__":
    main()
