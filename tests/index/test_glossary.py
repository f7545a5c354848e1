from cica_qa.index.glossary import Glossary

GLOSSARY = Glossary.from_rows(
    [
        ["Senior Officials Committee", "SOC"],
        ["Türkiye", "Turkey; Turkiye"],
        ["Lonely", "—"],
    ]
)


def test_rows_become_groups_and_single_names_are_dropped():
    assert GLOSSARY.groups == (
        ("Senior Officials Committee", "SOC"),
        ("Türkiye", "Turkey", "Turkiye"),
    )


def test_expansion_appends_the_other_names():
    assert GLOSSARY.expand("How often does the SOC meet?") == (
        "How often does the SOC meet? (Senior Officials Committee)"
    )
    assert GLOSSARY.expand("What does turkey coordinate") == (
        "What does turkey coordinate (Türkiye; Turkiye)"
    )
    assert GLOSSARY.expand("Who coordinates tourism?") == "Who coordinates tourism?"


def test_aliases_are_normalised_variants_of_mentioned_names():
    assert GLOSSARY.aliases("and Turkey?") == {"turkiye", "turkey"}


def test_save_and_load(tmp_path):
    GLOSSARY.save(tmp_path / "vocabulary.json")
    assert Glossary.load(tmp_path / "vocabulary.json") == GLOSSARY
    assert Glossary.load(tmp_path / "none.json") == Glossary()
