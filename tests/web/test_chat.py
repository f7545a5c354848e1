"""The chat page's handlers (what Gradio's endpoints call), fuzzed with what a browser or a
crafted request could send: they answer or say why, and never raise."""

import gradio as gr
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cica_qa.web.chat import ChatPage, Feedback
from cica_qa.web.conversations import Conversations, Saving

_CONTENT = st.one_of(
    st.none(),
    st.text(max_size=80),
    st.integers(),
    st.lists(
        st.dictionaries(st.sampled_from(["type", "text", "x"]), st.text(max_size=20)), max_size=3
    ),
)
_MESSAGE = st.one_of(
    st.dictionaries(
        st.sampled_from(["role", "content", "metadata"]),
        st.one_of(st.sampled_from(["user", "assistant", "system"]), _CONTENT),
        max_size=3,
    ),
    st.text(max_size=10),
    st.none(),
)
_FUZZ = settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=60)


def _page(assistant, corpus_dir, recorded):
    return ChatPage(assistant, corpus_dir, Feedback(lambda *given: recorded.append(given)), None)


@_FUZZ
@given(
    message=st.one_of(st.none(), st.text(max_size=300)),
    history=st.one_of(st.none(), st.lists(_MESSAGE, max_size=8)),
)
def test_any_message_and_history_get_an_answer_or_a_reason(
    memory_assistant, memory_index, message, history
):
    page = _page(memory_assistant, memory_index[0].corpus_dir, [])
    steps = list(page.respond(message, history, {}))
    chat, known = steps[-1][0], steps[-1][1]
    assert chat[-1]["role"] == "assistant" and chat[-1]["content"]
    assert isinstance(known, dict)


@_FUZZ
@given(
    index=st.one_of(st.integers(-3, 5), st.lists(st.integers(-3, 5), max_size=2), st.none()),
    liked=st.one_of(st.booleans(), st.sampled_from(["like", "dislike", ""]), st.none()),
    note=st.one_of(st.none(), st.text(max_size=50)),
    picked=st.one_of(st.none(), st.text(max_size=40)),
)
def test_any_rating_or_source_pick_is_recorded_or_refused_in_a_line(
    memory_assistant, memory_index, index, liked, note, picked
):
    recorded: list[tuple] = []
    page = _page(memory_assistant, memory_index[0].corpus_dir, recorded)
    *_, last = page.respond("When was the Lantern Charter adopted?", [], {})
    known = last[1]
    data = gr.LikeData(target=None, data={"index": index, "value": "", "liked": liked})
    request = gr.Request(username="ann")
    _, said, rated = page.rate(data, known, note, request)
    assert said.startswith("_") and said.endswith("_") and len(recorded) <= 1
    assert rated is None or (rated[0] in known and rated[1] in ("up", "down"))
    assert isinstance(page.open_source(picked, known), str)
    assert isinstance(page.open_source(picked, {}), str)


def _asked(page, question, history=(), known=None, conversation=None, remembered=None, user=""):
    *_, last = page.respond(
        question, list(history), known or {}, conversation, remembered, gr.Request(username=user)
    )
    return last  # chat, known, cards, choice, document, link, conversation, remembered, rated, …


def _like(page, known, index, liked, note="", user="ann"):
    data = gr.LikeData(target=None, data={"index": index, "value": "", "liked": liked})
    return page.rate(data, known, note, gr.Request(username=user))


def test_a_thumb_clicked_again_is_taken_back_not_turned_down(memory_assistant, memory_index):
    recorded: list[tuple] = []
    page = _page(memory_assistant, memory_index[0].corpus_dir, recorded)
    known = _asked(page, "When was the Lantern Charter adopted?")[1]
    assert _like(page, known, 1, True)[2] == (1, "up")
    _, said, rated = _like(page, known, 1, "")  # what Gradio sends for a second click
    assert rated is None and "taken back" in said
    assert [verdict for _, verdict, _, _ in recorded] == ["up", "withdrawn"]


def test_a_comment_goes_with_the_rating_of_the_answer_it_was_written_for(
    memory_assistant, memory_index
):
    recorded: list[tuple] = []
    page = _page(memory_assistant, memory_index[0].corpus_dir, recorded)
    first = _asked(page, "When was the Lantern Charter adopted?")
    second = _asked(page, "Who wrote the Lantern Charter?", first[0], first[1])
    known = second[1]
    # comment, then rate: the comment goes with the rating
    comment, _, _ = _like(page, known, 1, False, note="wrong year")
    assert comment == "" and recorded[-1][1:3] == ("down", "wrong year")
    # rate, then comment: the comment is added to that rating, on that answer
    latest = max(known)  # the second answer's message (each answer has its sources under it)
    _, _, rated = _like(page, known, latest, True)
    comment, said = page.send_comment(rated, known, "exactly right", gr.Request(username="ann"))
    assert comment == "" and "added to your thumbs up" in said
    answer, verdict, note, user = recorded[-1]
    assert (answer.id, verdict, note, user) == (known[latest].id, "up", "exactly right", "ann")
    # a comment with no rating to go with is kept, and the user told what to do
    kept, said = page.send_comment(None, known, "hm", gr.Request(username="ann"))
    assert kept == "hm" and "Click" in said and len(recorded) == 3


def _saving_page(assistant, corpus_dir, tmp_path):
    saving = Saving(Conversations(tmp_path / "c.sqlite3"), lambda: {})
    return ChatPage(assistant, corpus_dir, None, None, saving), saving


def test_chat_answers_are_saved_with_a_link_and_reopen_after_a_reload(
    memory_assistant, memory_index, tmp_path
):
    page, saving = _saving_page(memory_assistant, memory_index[0].corpus_dir, tmp_path)
    first = _asked(page, "When was the Lantern Charter adopted?")
    conversation, remembered = first[6], first[7]
    assert conversation and remembered["conversation"] == conversation and remembered["id"]
    answer = first[1][1]
    assert f'href="/a/{answer.id}"' in first[5]
    assert saving.conversations.answer(answer.id).data["answer"] == answer.text
    second = _asked(page, "Who wrote it?", first[0], first[1], conversation, remembered)
    assert second[6] == conversation
    # a reload: the page loads with what the browser remembers
    loaded = page.on_load(second[7], gr.Request(username=""))[2:]  # after the header's parts
    chat, known = loaded[2], loaded[3]
    assert chat == second[0] and [a.id for a in known.values()] == [
        a.id for a in second[1].values()
    ]
    assert "Link to this answer" in loaded[7]
    # another browser (another id) sees none of it
    other = page.on_load({"id": "someone-else", "conversation": conversation}, gr.Request())
    assert other[2] == "" and other[11]["conversation"] == ""  # nobody logged in, nothing open


def test_past_conversations_are_listed_reopened_and_deleted(
    memory_assistant, memory_index, tmp_path
):
    page, _ = _saving_page(memory_assistant, memory_index[0].corpus_dir, tmp_path)
    ann = gr.Request(username="ann")
    first = _asked(page, "When was the Lantern Charter adopted?", user="ann")
    fresh = page.start_over(first[7])
    second = _asked(page, "Who wrote the Lantern Charter?", remembered=fresh[7], user="ann")
    assert second[6] != first[6]
    listed = page.list_past(second[7], ann)["choices"]
    assert [value for _, value in listed] == [second[6], first[6]]
    loaded = page.on_load(second[7], ann)
    assert loaded[2] == "Logged in as **ann**" and loaded[3]["visible"]
    choices = loaded[-1]["choices"]
    assert [value for _, value in choices] == [second[6], first[6]]
    file, said = page.export_word(second[6], second[7], ann)
    assert file["visible"] and file["value"].endswith(".docx") and said == ""
    assert not page.export_markdown(second[6], second[7], gr.Request(username="bob"))[0]["visible"]
    assert "nothing to export" in page.export_markdown(None, second[7], ann)[1]
    reopened = page.open_past(first[6], second[7], ann)
    assert reopened[6] == first[6] and reopened[0] == first[0]
    assert page.open_past(first[6], second[7], gr.Request(username="bob"))[-1] == (
        "_That conversation is gone._"
    )
    deleted = page.delete_past(first[6], first[6], second[7], ann)
    assert deleted[0] == [] and deleted[-1] == "_The conversation was deleted._"
    assert [value for _, value in deleted[-2]["choices"]] == [second[6]]


def test_a_question_given_in_the_link_is_put_in_the_box_folded_and_cut(
    memory_assistant, memory_index
):
    class Linked:
        def __init__(self, **params):
            self.query_params = params

    page = _page(memory_assistant, memory_index[0].corpus_dir, [])
    assert page.asked_in_link(Linked(q="  Who  chairs?\n")) == "Who chairs?"
    assert len(page.asked_in_link(Linked(q="x" * 5000))) == 2000
    for nothing in (Linked(), Linked(q="   "), gr.Request()):
        assert page.asked_in_link(nothing) == gr.update()
