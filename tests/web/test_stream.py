"""The answer as the chat shows it while it is made, over the in-memory tiny index."""

from itertools import pairwise

from cica_qa.web.render import render_error
from cica_qa.web.stream import history_for_assistant, reply_stream, words_of


def test_gradio_history_becomes_plain_turns():
    history = [
        {"role": "user", "content": "Who?"},
        {"role": "assistant", "content": [{"type": "text", "text": "Them [1]"}]},
        {"role": "assistant", "content": "[1] a.md", "metadata": {"title": "Sources (1)"}},
        {"role": "system", "content": "ignored"},
        "garbage",
    ]
    assert history_for_assistant(history) == [
        {"role": "user", "content": "Who?"},
        {"role": "assistant", "content": "Them [1]"},
    ]


def final_reply(assistant, message: str) -> str:
    """What the chat bubble reads once the answer is complete."""
    return list(reply_stream(assistant, message, []))[-1][0]


def test_the_reply_shows_the_answer_and_its_source_numbers(memory_assistant):
    rendered = final_reply(memory_assistant, "When was the Lantern Charter adopted?")
    assert "1987" in rendered and rendered.endswith("[1]")
    assert "milestones.txt" not in rendered  # the card beside the chat says where


def test_the_reply_turns_user_errors_into_a_line(memory_assistant):
    expected = render_error("the question is empty: type a question about CICA")
    assert final_reply(memory_assistant, "   ") == expected


def test_an_answer_grows_word_by_word_and_ends_whole():
    assert list(words_of("a b c")) == ["a", "a b", "a b c"]


def test_a_long_answer_streams_in_a_bounded_number_of_steps():
    text = " ".join(f"w{n}" for n in range(1000))
    steps = list(words_of(text, steps=60))
    assert len(steps) <= 60 and steps[-1] == text
    assert all(a.split(" ") == b.split(" ")[: len(a.split(" "))] for a, b in pairwise(steps))


def test_chat_answers_are_made_for_several_users_at_once(memory_assistant, memory_index, tmp_path):
    from cica_qa.web.chat import CHAT_CONCURRENCY, build_app

    blocks = build_app(memory_assistant, memory_index[0].corpus_dir, None, None)
    limits = [f.concurrency_limit for f in blocks.fns.values() if f.name == "respond"]
    assert limits and all(limit == CHAT_CONCURRENCY > 1 for limit in limits)


def test_a_busy_server_skips_the_steps_it_is_late_for_and_still_ends_whole():
    from cica_qa.web.stream import paced

    steps = [f"step {n}" for n in range(10)]
    now = [0.0]

    def idle(seconds: float) -> None:
        now[0] += seconds

    alone = list(paced(steps, 0.01, clock=lambda: now[0], sleep=idle))
    assert alone == steps  # on time: every step shown

    now[0] = 0.0

    def busy(seconds: float) -> None:
        now[0] += seconds + 0.03  # each update takes three steps' time to go out

    crowded = list(paced(steps, 0.01, clock=lambda: now[0], sleep=busy))
    assert crowded[-1] == steps[-1] and len(crowded) < len(steps) / 2
    assert crowded == sorted(crowded, key=steps.index)  # in order, never back
