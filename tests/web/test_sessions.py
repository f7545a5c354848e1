"""Chat logins kept in the conversations database: they outlive a restart and end idle."""

from datetime import UTC, datetime, timedelta

from cica_qa.web.conversations import Conversations
from cica_qa.web.sessions import LoginSessions

IDLE = timedelta(hours=2)


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def test_a_login_outlives_a_restart(tmp_path):
    clock = Clock()
    before = LoginSessions(Conversations(tmp_path / "c.sqlite3"), IDLE, clock)
    before["token-1"] = "ann"
    after = LoginSessions(Conversations(tmp_path / "c.sqlite3"), IDLE, clock)  # a new server
    assert after.get("token-1") == "ann" and "token-1" in after and after["token-1"] == "ann"
    assert after.get("made-up") is None and "made-up" not in after


def test_a_login_unused_longer_than_the_idle_time_ends_and_use_keeps_it(tmp_path):
    clock = Clock()
    sessions = LoginSessions(Conversations(tmp_path / "c.sqlite3"), IDLE, clock)
    sessions["token-1"] = "ann"
    for _ in range(5):  # used every hour: it holds, and its last use is written
        clock.now += timedelta(hours=1)
        assert sessions.get("token-1") == "ann"
    restarted = LoginSessions(Conversations(tmp_path / "c.sqlite3"), IDLE, clock)
    assert restarted.get("token-1") == "ann"
    clock.now += IDLE + timedelta(minutes=1)
    assert restarted.get("token-1") is None
    again = LoginSessions(Conversations(tmp_path / "c.sqlite3"), IDLE, clock)
    assert again.get("token-1") is None  # ended on disk too


def test_logging_out_and_removing_a_user_end_their_logins_everywhere(tmp_path):
    clock = Clock()
    store = Conversations(tmp_path / "c.sqlite3")
    sessions = LoginSessions(store, IDLE, clock)
    sessions["t-ann"], sessions["t-bob"], sessions["t-bob-2"] = "ann", "Bob", "Bob"
    del sessions["t-ann"]  # what Gradio's logout does
    sessions.forget_users({"bob"})
    restarted = LoginSessions(store, IDLE, clock)
    assert [restarted.get(t) for t in ("t-ann", "t-bob", "t-bob-2")] == [None, None, None]


def test_tokens_are_stored_hashed(tmp_path):
    store = Conversations(tmp_path / "c.sqlite3")
    LoginSessions(store, IDLE, Clock())["secret-token"] = "ann"
    with store.connected() as connection:
        stored = connection.execute("SELECT token_hash FROM sessions").fetchall()
    assert stored and all("secret-token" not in row[0] for row in stored)


def test_walking_the_logins_as_gradios_logout_does_survives_one_ending_meanwhile(tmp_path):
    clock = Clock()
    sessions = LoginSessions(Conversations(tmp_path / "c.sqlite3"), IDLE, clock)
    sessions["old"], sessions["new"] = "ann", "ann"
    clock.now += IDLE - timedelta(minutes=1)
    sessions.get("new")  # used: it holds; "old" was not
    clock.now += timedelta(minutes=2)
    for token in list(sessions.keys()):
        if sessions[token] == "ann":
            del sessions[token]
    assert sessions.get("old") is None and sessions.get("new") is None
