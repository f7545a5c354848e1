"""The chat page's handlers (what Gradio's endpoints call), fuzzed with what a browser or a
crafted request could send: they answer or say why, and never raise."""

import gradio as gr
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cica_qa.web.chat import ChatPage, Feedback

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
    _, said = page.rate(data, known, note, request)
    assert said.startswith("_") and said.endswith("_") and len(recorded) <= 1
    assert isinstance(page.open_source(picked, known), str)
    assert isinstance(page.open_source(picked, {}), str)
