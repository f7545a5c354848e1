import json
import threading
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from cica_qa.answering.answer import Answer, Citation
from cica_qa.errors import CicaError
from cica_qa.types import Location
from cica_qa.web.feedback import (
    ENTRY,
    MAX_COMMENT_CHARS,
    FeedbackEntry,
    FeedbackError,
    FeedbackLog,
    FeedbackRecorder,
    format_summary,
    read_feedback,
    summarize,
    update_feedback,
)
from cica_qa.web.schema import CitationJSON

START = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


def make_answer(question: str = "How many days of leave?", text: str = "25 days [1].") -> Answer:
    citation = Citation(
        number=1,
        document="handbook.md",
        section="Leave",
        location=Location("line", 3, 5),
        text="Staff get 25 days of annual leave.",
        score=0.812345,
        row="Annual leave",
    )
    return Answer(question=question, text=text, abstained=False, citations=(citation,))


def make_entry(verdict: str = "up", minutes: int = 0, **fields: str) -> FeedbackEntry:
    answer = make_answer(fields.pop("question", "How many days of leave?"))
    return FeedbackEntry.from_answer(
        answer, verdict, now=START + timedelta(minutes=minutes), **fields
    )


def test_from_answer_copies_question_answer_and_citations():
    answer = Answer(
        question="and for part-timers?",
        text="Pro rata [1].",
        abstained=False,
        citations=make_answer().citations,
        standalone_question="How many days of leave do part-timers get?",
    )
    entry = FeedbackEntry.from_answer(answer, "down", comment="too short", user="ana", now=START)
    assert entry.time == "2025-03-01T09:00:00+00:00"
    assert (entry.user, entry.verdict, entry.comment) == ("ana", "down", "too short")
    assert entry.question == "and for part-timers?"
    assert entry.standalone_question == "How many days of leave do part-timers get?"
    assert entry.answer == "Pro rata [1]."
    assert entry.citations == (CitationJSON.of(answer.citations[0]).model_dump(),)


def test_from_answer_without_rewrite_uses_the_question():
    entry = FeedbackEntry.from_answer(make_answer("Who signs?"), "up", now=START)
    assert entry.standalone_question == "Who signs?"


def test_from_answer_records_time_in_utc():
    paris = timezone(timedelta(hours=1))
    entry = FeedbackEntry.from_answer(
        make_answer(), "up", now=datetime(2025, 3, 1, 10, 0, tzinfo=paris)
    )
    assert entry.time == "2025-03-01T09:00:00+00:00"


def test_from_answer_defaults_to_now():
    entry = FeedbackEntry.from_answer(make_answer(), "up")
    assert abs(entry.moment - datetime.now(UTC)) < timedelta(minutes=1)


def test_bad_verdict_is_rejected():
    with pytest.raises(FeedbackError, match=r"verdict 'meh' must be 'up', 'down' or 'withdrawn'"):
        FeedbackEntry.from_answer(make_answer(), "meh", now=START)


def test_feedback_error_is_a_cica_error():
    assert issubclass(FeedbackError, CicaError)


def test_entries_round_trip_through_the_log(tmp_path):
    path = tmp_path / "nested" / "feedback.jsonl"
    entries = [
        make_entry("up", 0),
        make_entry("down", 1, comment="wrong year\nsee §4\ttable", user="bo"),
        make_entry("up", 2, question="Ünïcode — ok? \u2028 still one line"),
    ]
    for entry in entries:
        update_feedback(path, entry)
    log = read_feedback(path)
    assert log == FeedbackLog(entries=tuple(entries), bad_lines=())
    assert len(path.read_bytes().split(b"\n")) == 4  # three lines and the final newline


def test_log_is_written_as_utf8_json_lines(tmp_path):
    path = tmp_path / "feedback.jsonl"
    update_feedback(path, make_entry(question="Größe?"))
    line = path.read_text(encoding="utf-8")
    assert "Größe?" in line  # not \u escapes
    assert json.loads(line)["citations"][0]["document"] == "handbook.md"


def test_concurrent_ratings_from_several_recorders_are_all_kept_whole(tmp_path):
    path = tmp_path / "feedback.jsonl"
    long_answer = "x" * 20_000  # far beyond any stdio buffer
    start = threading.Barrier(8)

    def rate(thread: int) -> None:
        recorder = FeedbackRecorder(path)  # one each: only the file lock orders them
        start.wait()
        for i in range(15):
            answer = make_answer(question=f"t{thread}-q{i}", text=long_answer)
            recorder.record(FeedbackEntry.from_answer(answer, "up", now=START))

    threads = [threading.Thread(target=rate, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    log = read_feedback(path)
    assert log.bad_lines == ()
    assert len(path.read_bytes().splitlines()) == 120
    assert sorted(e.question for e in log.entries) == sorted(
        f"t{t}-q{i}" for t in range(8) for i in range(15)
    )


def test_malformed_and_non_utf8_lines_are_skipped_and_reported(tmp_path):
    path = tmp_path / "feedback.jsonl"
    update_feedback(path, make_entry("up", 0))
    with path.open("ab") as log_file:
        log_file.write(b'{"time": "2025-03-01T09:00:00+00:00", "verdict": "up"\n')  # line 2
        log_file.write(b"\xff\xfe not utf-8 \x80\n")  # line 3
        log_file.write(b"\n")  # line 4: blank, ignored
        log_file.write(b'["a list"]\n')  # line 5
    update_feedback(path, make_entry("down", 1))
    log = read_feedback(path)
    assert [e.verdict for e in log.entries] == ["up", "down"]
    assert log.bad_lines == (2, 3, 5)


def test_lines_with_a_bad_verdict_or_time_are_skipped(tmp_path):
    path = tmp_path / "feedback.jsonl"
    good = ENTRY.dump_python(make_entry("up"), mode="json")
    lines = [{**good, "verdict": "sideways"}, {**good, "time": "yesterday"}, good]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    assert read_feedback(path).bad_lines == (1, 2)


def test_missing_file_is_an_empty_log(tmp_path):
    assert read_feedback(tmp_path / "absent.jsonl") == FeedbackLog(entries=(), bad_lines=())


def test_unreadable_log_is_a_one_line_error(tmp_path):
    with pytest.raises(FeedbackError, match=r"cannot read the feedback log .*CICA_FEEDBACK_LOG"):
        read_feedback(tmp_path)  # a directory


def test_unwritable_log_is_a_one_line_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    with pytest.raises(FeedbackError, match=r"cannot write the feedback log .*CICA_FEEDBACK_LOG"):
        update_feedback(blocker / "feedback.jsonl", make_entry())


def test_long_comment_is_capped(tmp_path):
    path = tmp_path / "feedback.jsonl"
    entry = FeedbackEntry(
        time="2025-03-01T09:00:00+00:00",
        user="",
        verdict="down",
        comment="y" * 5000,
        question="q",
        standalone_question="q",
        answer="a",
    )
    update_feedback(path, entry)
    assert read_feedback(path).entries[0].comment == "y" * MAX_COMMENT_CHARS


def test_control_characters_are_stripped_from_comments(tmp_path):
    path = tmp_path / "feedback.jsonl"
    entry = make_entry("down", comment="bad\x00 an\x1b[31mswer\r\n\tline two\x7f")
    assert entry.comment == "bad an[31mswer\n\tline two"
    update_feedback(path, entry)
    assert read_feedback(path).entries[0].comment == "bad an[31mswer\n\tline two"


def test_summary_counts_and_lists_thumbs_down_newest_first():
    log = FeedbackLog(
        entries=(
            make_entry("down", 5, question="middle"),
            make_entry("up", 1),
            make_entry("down", 9, question="newest"),
            make_entry("up", 2),
            make_entry("down", 0, question="oldest"),
        ),
        bad_lines=(7,),
    )
    summary = summarize(log)
    assert (summary.total, summary.up, summary.down) == (5, 2, 3)
    assert [e.question for e in summary.thumbs_down] == ["newest", "middle", "oldest"]
    assert summary.bad_lines == (7,)


def test_format_summary_shows_counts_and_thumbs_down_items():
    long_answer = "The policy says " + "very " * 100 + "much."
    answer = make_answer("What is the travel budget?", long_answer)
    down = FeedbackEntry.from_answer(
        answer, "down", comment="missed the 2025\nupdate", user="ana", now=START
    )
    summary = summarize(FeedbackLog(entries=(make_entry("up"), down), bad_lines=(3, 8)))
    text = format_summary(summary, Path("logs/feedback.jsonl"))
    lines = text.splitlines()
    assert lines[0] == "2 answers rated: 1 up, 1 down"
    assert "- 2025-03-01T09:00:00+00:00 by ana" in lines
    assert "  Q: What is the travel budget?" in lines
    preview = next(line for line in lines if line.startswith("  A: "))
    assert preview == "  A: " + long_answer[:200].rstrip() + "…"
    assert "  Comment: missed the 2025 update" in lines
    assert lines[-1] == "skipped 2 malformed lines of logs/feedback.jsonl: 3, 8"


def test_format_summary_of_an_empty_log():
    summary = summarize(FeedbackLog(entries=(), bad_lines=()))
    assert format_summary(summary, Path(".cica/feedback.jsonl")) == (
        "no feedback yet at .cica/feedback.jsonl"
    )


def test_a_repeated_rating_writes_nothing_and_the_summary_keeps_each_raters_latest(tmp_path):
    path = tmp_path / "feedback.jsonl"
    recorder = FeedbackRecorder(path)
    first, second = make_answer(), make_answer("Who chairs?", "Ruritania [1].")
    assert first.id != second.id
    clicks = [(first, "up", "", "ann")] * 50  # fifty clicks on one thumb
    clicks += [(first, "down", "wrong year", "ann"), (first, "up", "", "bob")]
    clicks += [(second, "down", "", "ann")]
    written = [recorder.record(FeedbackEntry.from_answer(*click)) for click in clicks]
    # four changes, three records: ann's down on the first answer replaced her up
    assert written.count(True) == 4 and len(path.read_text().splitlines()) == 3
    summary = summarize(read_feedback(path))
    # ann's up on the first answer was replaced by her down; bob's up and ann's down remain
    assert (summary.total, summary.up, summary.down) == (3, 1, 2)
    assert {e.comment for e in summary.thumbs_down} == {"wrong year", ""}


def test_a_rating_taken_back_counts_for_nothing(tmp_path):
    path = tmp_path / "feedback.jsonl"
    recorder = FeedbackRecorder(path)
    answer = make_answer()
    for verdict in ("down", "withdrawn"):
        recorder.record(FeedbackEntry.from_answer(answer, verdict, "", "ann"))
    recorder.record(FeedbackEntry.from_answer(answer, "up", "", "bob"))
    summary = summarize(read_feedback(path))
    assert (summary.total, summary.up, summary.down, summary.thumbs_down) == (1, 1, 0, ())


def test_each_answer_and_user_has_one_record_updated_in_place_and_unreadable_lines_kept(
    tmp_path,
):
    path = tmp_path / "feedback.jsonl"
    path.write_bytes(b"not json at all\n")
    recorder = FeedbackRecorder(path)
    first, second = make_answer(), make_answer("Who chairs?", "Ruritania [1].")
    recorder.record(FeedbackEntry.from_answer(first, "up", "", "ann"))
    recorder.record(FeedbackEntry.from_answer(second, "up", "", "ann"))
    recorder.record(FeedbackEntry.from_answer(first, "down", "wrong year", "ann"))
    lines = path.read_text().splitlines()
    assert len(lines) == 3 and lines[0] == "not json at all"
    records = read_feedback(path).entries
    assert [(e.answer_id, e.verdict, e.comment) for e in records] == [
        (first.id, "down", "wrong year"),  # in the place of the first record
        (second.id, "up", ""),
    ]
    recorder.record(FeedbackEntry.from_answer(second, "withdrawn", "", "ann"))
    assert [e.answer_id for e in read_feedback(path).entries] == [first.id]
    assert read_feedback(path).bad_lines == (1,)
    assert oct(path.stat().st_mode & 0o777) == "0o600"
