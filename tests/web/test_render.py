from cica_qa.answering.answer import Answer, Citation
from cica_qa.web.render import escape_text, is_sources_message, render_answer, sources_message


def answer_with(passage: str) -> Answer:
    citation = Citation(1, "evil.md", "Scripts", "lines 1-2", passage, 0.9)
    return Answer("q", f"{passage} [1]", False, (citation,))


def test_html_in_documents_becomes_entities():
    escaped = escape_text('<script>alert("x")</script> & <img src=x onerror=alert(1)>')
    assert "<" not in escaped and ">" not in escaped
    assert "&lt;script&gt;" in escaped and "&amp;" in escaped


def test_markdown_in_documents_is_backslash_escaped():
    assert escape_text("[click](javascript:alert(1)) **bold** `x` a_b ~~s~~ |t|") == (
        "\\[click\\](javascript:alert(1)) \\*\\*bold\\*\\* \\`x\\` a\\_b \\~\\~s\\~\\~ \\|t\\|"
    )
    assert escape_text("# Title\n- item\n  12. twelve\n> quote") == (
        "\\# Title\n\\- item\n  12\\. twelve\n&gt; quote"
    )


def test_ordinary_punctuation_is_left_alone_so_answers_copy_cleanly():
    text = 'Co-coordinators: Sri Lanka (2022-2023); don\'t, "quoted" 3.5.'
    assert escape_text(text) == text


def test_rendered_answer_keeps_no_raw_markup_from_the_document():
    rendered = render_answer(answer_with("<b>hi</b> [link](javascript:x)"))
    assert "<b>" not in rendered
    assert "\\[link\\](javascript:x)" in rendered  # an escaped bracket makes no link
    assert rendered == "&lt;b&gt;hi&lt;/b&gt; \\[link\\](javascript:x) [1]"


def test_the_bubble_keeps_only_the_source_numbers_its_card_says_where():
    rendered = render_answer(answer_with("An answer"))
    assert "evil.md" not in rendered and "[1]" in rendered


def test_a_reply_that_is_not_an_abstention_for_lack_of_facts_reads_as_itself():
    text = "The documents are in English. Ask it in English and I will search them."
    rendered = render_answer(Answer("q", text, True))
    assert rendered == text and "don't say" not in rendered


def test_an_abstention_says_so_first_and_lists_no_sources():
    rendered = render_answer(Answer("q", "The documents don't say: no passage is close.", True))
    assert rendered == "**The documents don't say.** No passage is close."


def test_an_abstention_points_to_the_closest_passages():
    related = (Citation(1, "b.md", "Bodies", "line 3", "<i>close</i> text", 0.3),)
    rendered = render_answer(Answer("q", "The documents don't say.", True, related=related))
    assert "closest passages are beside the chat" in rendered
    assert "<i>" not in rendered and "[1]" not in rendered


def test_a_rewritten_follow_up_is_shown():
    answer = Answer("and the co?", "X [1]", False, standalone_question="co of tourism?")
    assert render_answer(answer).startswith("_Understood as: co of tourism?_")


def test_what_earlier_documents_said_is_its_own_escaped_line_with_its_marker():
    from dataclasses import replace

    said = replace(
        answer_with("Borduria chairs it"),
        earlier="Earlier documents said: <i>Ruritania</i> [2] (old.md, 1 May 2019).",
    )
    rendered = render_answer(said)
    assert rendered == (
        "Borduria chairs it [1]\n\n"
        "_Earlier documents said: &lt;i&gt;Ruritania&lt;/i&gt; [2] (old.md, 1 May 2019)._"
    )


def test_the_sources_under_an_answer_are_a_closed_panel_of_escaped_numbered_passages():
    long = "<b>Bold</b> claim. " + "word " * 100
    answer = answer_with(long)
    message = sources_message(answer)
    assert message is not None and is_sources_message(message)
    assert message["metadata"] == {"title": "Sources (1)", "status": "done"}  # starts closed
    content = str(message["content"])
    assert content.startswith("[1] evil.md › Scripts, lines 1-2 · undated  \n“")
    assert "<b>" not in content and "&lt;b&gt;Bold&lt;/b&gt; claim." in content
    assert content.endswith(" …”") and len(content) < 400  # the passage's start only


def test_an_abstention_lists_its_closest_passages_under_it_and_a_bare_reply_nothing():
    related = (Citation(2, "b.md", "Bodies", "line 3", "close text", 0.3),)
    abstained = Answer("q", "The documents don't say.", True, related=related)
    message = sources_message(abstained)
    assert message is not None and message["metadata"]["title"] == "Closest passages (1)"
    assert sources_message(Answer("q", "The documents are in English.", True)) is None
    assert not is_sources_message({"role": "assistant", "content": "x", "metadata": None})
