"""The conversations database (SQLite, on disk in a temporary folder)."""

import sqlite3
from datetime import UTC, datetime

import pytest

from cica_qa.web.conversations import (
    HISTORY_TURNS,
    MIGRATIONS,
    Conversations,
    ConversationsError,
    UnknownConversation,
    changed_documents,
    documents_of,
)


def save(store, owner="ann", conversation=None, answer_id="a1", question="Who chairs?", **more):
    data = {"question": question, "answer": f"{question} The answer. [1]", "citations": []}
    return store.save(
        owner,
        conversation,
        answer_id,
        question,
        more.get("reply", f"reply to {question}"),
        more.get("data", data),
        more.get("documents", {"lamps.md": "sha-1"}),
    )


def test_an_answer_is_saved_in_a_new_conversation_and_read_back_by_id(tmp_path):
    store = Conversations(tmp_path / "c.sqlite3")
    saved = save(store)
    assert saved.position == 0 and saved.conversation_id
    again = store.answer("a1")
    assert again == saved
    assert again.data["id"] == "a1" and again.data["conversation_id"] == saved.conversation_id
    assert store.answer("nope") is None


def test_answers_survive_reopening_the_database(tmp_path):
    saved = save(Conversations(tmp_path / "c.sqlite3"))
    reopened = Conversations(tmp_path / "c.sqlite3")
    assert reopened.answer("a1") == saved
    assert [c.id for c in reopened.conversations("ann")] == [saved.conversation_id]


def test_a_conversation_continues_in_order_and_gives_its_turns_as_history(tmp_path):
    store = Conversations(tmp_path / "c.sqlite3")
    first = save(store, question="Who chairs the forum?")
    second = save(store, conversation=first.conversation_id, answer_id="a2", question="Since when?")
    assert second.position == 1 and second.conversation_id == first.conversation_id
    assert store.history("ann", first.conversation_id) == [
        {"role": "user", "content": "Who chairs the forum?"},
        {"role": "assistant", "content": "reply to Who chairs the forum?"},
        {"role": "user", "content": "Since when?"},
        {"role": "assistant", "content": "reply to Since when?"},
    ]


def test_history_keeps_the_last_turns_only(tmp_path):
    store = Conversations(tmp_path / "c.sqlite3")
    first = save(store, question="q0")
    for n in range(1, HISTORY_TURNS + 3):
        save(store, conversation=first.conversation_id, answer_id=f"a{n + 1}", question=f"q{n}")
    history = store.history("ann", first.conversation_id)
    assert len(history) == 2 * HISTORY_TURNS
    assert history[-2]["content"] == f"q{HISTORY_TURNS + 2}"


def test_another_owners_conversation_cannot_be_continued_read_or_deleted(tmp_path):
    store = Conversations(tmp_path / "c.sqlite3")
    mine = save(store, owner="ann")
    with pytest.raises(UnknownConversation, match="no conversation"):
        save(store, owner="bob", conversation=mine.conversation_id, answer_id="a2")
    with pytest.raises(UnknownConversation):
        store.history("bob", mine.conversation_id)
    with pytest.raises(UnknownConversation):
        store.delete("bob", mine.conversation_id)
    assert store.conversations("bob") == []
    assert len(store.answers("ann", mine.conversation_id)) == 1


def test_conversations_are_listed_last_answered_first_with_title_and_count(tmp_path):
    store = Conversations(tmp_path / "c.sqlite3")
    early = datetime(2026, 1, 1, tzinfo=UTC)
    late = datetime(2026, 1, 2, tzinfo=UTC)
    older = store.save("ann", None, "a1", "First question " * 10, "r", {}, {}, early)
    newer = store.save("ann", None, "a2", "Second", "r", {}, {}, early)
    store.save("ann", older.conversation_id, "a3", "More", "r", {}, {}, late)
    listed = store.conversations("ann")
    assert [c.id for c in listed] == [older.conversation_id, newer.conversation_id]
    assert listed[0].answers == 2 and listed[0].updated == late.isoformat()
    assert len(listed[0].title) <= 80 and listed[0].title.endswith("…")


def test_deleting_a_conversation_deletes_its_answers(tmp_path):
    store = Conversations(tmp_path / "c.sqlite3")
    saved = save(store)
    store.delete("ann", saved.conversation_id)
    assert store.answer("a1") is None and store.conversations("ann") == []
    with pytest.raises(UnknownConversation):
        store.delete("ann", saved.conversation_id)


def test_text_with_a_lone_surrogate_is_kept_readable(tmp_path):
    store = Conversations(tmp_path / "c.sqlite3")
    save(store, question="Who \ud800 chairs?")
    assert store.answer("a1").question == "Who ? chairs?"


def test_the_same_answer_id_twice_is_refused_and_changes_nothing(tmp_path):
    store = Conversations(tmp_path / "c.sqlite3")
    save(store)
    with pytest.raises(ConversationsError, match="conversations database"):
        save(store)  # a new conversation would be left empty: the transaction is undone
    assert len(store.conversations("ann")) == 1


def test_a_file_that_is_no_database_is_one_clear_error(tmp_path):
    path = tmp_path / "c.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(ConversationsError, match="CICA_CONVERSATIONS_DB"):
        Conversations(path)


def test_a_database_from_a_newer_version_is_refused(tmp_path):
    path = tmp_path / "c.sqlite3"
    with sqlite3.connect(path) as connection:
        connection.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    with pytest.raises(ConversationsError, match="newer CICA Q&A"):
        Conversations(path)


def test_the_schema_is_brought_up_to_date_once(tmp_path):
    path = tmp_path / "c.sqlite3"
    Conversations(path)
    Conversations(path)  # a second open runs no migration again
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)


def test_the_documents_an_answer_cites_are_compared_with_the_index_now(tmp_path):
    store = Conversations(tmp_path / "c.sqlite3")
    citations = [{"document": "lamps.md"}, {"document": "old.md"}, {"document": "same.md"}]
    shas = {"lamps.md": "1", "old.md": "2", "same.md": "3"}
    saved = save(store, documents=documents_of(citations, shas))
    assert changed_documents(saved, {"lamps.md": "changed", "same.md": "3"}) == [
        "lamps.md",
        "old.md",
    ]
    assert changed_documents(saved, shas) == []


def test_a_secret_is_made_once_and_kept_across_restarts(tmp_path):
    first = Conversations(tmp_path / "c.sqlite3").secret("browser")
    assert len(first) == 64
    assert Conversations(tmp_path / "c.sqlite3").secret("browser") == first
    assert Conversations(tmp_path / "c.sqlite3").secret("other") != first


def test_a_database_of_the_first_schema_is_upgraded_keeping_its_answers(tmp_path):
    path = tmp_path / "c.sqlite3"
    with sqlite3.connect(path) as connection:
        connection.executescript(MIGRATIONS[0])
        connection.execute("PRAGMA user_version = 1")
        connection.execute("INSERT INTO conversations VALUES ('c1', 'ann', 't', 'x', 'x')")
        connection.execute("INSERT INTO answers VALUES ('a1', 'c1', 0, 'x', 'q', 'r', '{}', '{}')")
    store = Conversations(path)
    assert store.answer("a1").question == "q" and store.secret("x")


def test_answers_saved_at_once_to_one_conversation_each_get_their_own_place(tmp_path):
    import threading

    store = Conversations(tmp_path / "c.sqlite3")
    first = save(store)
    start = threading.Barrier(8)

    def add(thread: int) -> None:
        start.wait()
        for n in range(5):
            save(store, conversation=first.conversation_id, answer_id=f"t{thread}-{n}")

    threads = [threading.Thread(target=add, args=(t,)) for t in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    positions = [a.position for a in store.answers("ann", first.conversation_id)]
    assert positions == list(range(41))
