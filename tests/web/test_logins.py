"""Logins while the server runs: the users file followed live, failed logins throttled."""

import json
import threading

import pytest
from fastapi.testclient import TestClient

from cica_qa.web.logins import (
    MAX_KEYS,
    LiveUsers,
    Throttle,
    TooManyFailures,
    check_login,
    ended_sessions,
)
from cica_qa.web.users import Users, add_user, load_users, make_user, remove_user

PASSWORD = "correct horse battery"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_failures_beyond_the_free_ones_impose_a_doubling_wait_that_a_success_clears():
    clock = Clock()
    throttle = Throttle(free=3, first=1.0, longest=8.0, clock=clock)
    for _ in range(3):
        assert throttle.wait("user:ann") == 0
        throttle.failed("user:ann")
    assert throttle.wait("user:ann") == 1.0
    clock.now += 1.0
    assert throttle.wait("user:ann") == 0
    waits = []
    for _ in range(5):
        throttle.failed("user:ann")
        waits.append(throttle.wait("user:ann"))
    assert waits == [2.0, 4.0, 8.0, 8.0, 8.0]  # doubling up to the longest
    assert throttle.wait("user:bob") == 0  # per key
    throttle.succeeded("user:ann")
    assert throttle.wait("user:ann") == 0


def test_the_throttle_remembers_a_bounded_number_of_keys():
    throttle = Throttle(free=0, clock=Clock())
    for n in range(MAX_KEYS + 10):
        throttle.failed(f"address:{n}")
    assert throttle.wait("address:0") == 0  # the oldest forgotten
    assert throttle.wait(f"address:{MAX_KEYS + 9}") > 0


def test_live_users_follow_the_file_and_say_whose_sessions_end(tmp_path):
    path = tmp_path / "users.json"
    add_user(path, "ann", PASSWORD)
    add_user(path, "bob", PASSWORD, admin=True)
    heard = []
    live = LiveUsers(load_users(path), path, lambda b, a: heard.append(ended_sessions(b, a)))
    assert live.verify("ann", PASSWORD) and live.is_admin("bob")
    remove_user(path, "ann")
    assert not live.verify("ann", PASSWORD)  # at once, no restart
    add_user(path, "bob", "a new password")  # no longer an admin, and a new password
    assert not live.verify("bob", PASSWORD) and not live.is_admin("bob")
    assert live.verify("bob", "a new password")
    assert heard == [{"ann"}, {"bob"}]


def test_a_users_file_emptied_or_broken_while_serving_lets_nobody_in(tmp_path):
    path = tmp_path / "users.json"
    add_user(path, "ann", PASSWORD)
    live = LiveUsers(load_users(path), path)
    path.write_text("{not json", encoding="utf-8")
    assert bool(live) and not live.verify("ann", PASSWORD)
    path.unlink()
    assert bool(live) and not live.verify("ann", PASSWORD)


@pytest.fixture
def anyio_backend():
    return "asyncio"


@pytest.mark.anyio
async def test_a_login_is_hashed_on_a_worker_thread_and_throttled_per_name():
    threads = []

    class Watched(Users):
        def verify(self, name: str, password: str) -> bool:
            threads.append(threading.current_thread())
            return super().verify(name, password)

    live = LiveUsers(Watched((make_user("ann", PASSWORD),)))
    check = check_login(live, Throttle(free=2))
    assert await check("ann", PASSWORD)
    assert threads[0] is not threading.main_thread()
    assert not await check("ANN", "wrong one") and not await check("ann ", "wrong two")
    with pytest.raises(TooManyFailures, match=r"too many failed logins: try again in 1 s"):
        await check("ann", PASSWORD)  # even the right password waits


@pytest.fixture
def served(tmp_path, memory_assistant, memory_index):
    """The app with logins from a users file, and that file."""
    from cica_qa.web.server import create_app

    users_file = tmp_path / "users.json"
    add_user(users_file, "ann", PASSWORD)
    add_user(users_file, "bob", PASSWORD)
    config = memory_index[0]
    app = create_app(
        memory_assistant,
        config.corpus_dir,
        tmp_path / "feedback.jsonl",
        load_users(users_file),
        users_file=users_file,
        allowed_hosts=["testserver"],
    )
    with TestClient(app) as client:
        yield client, users_file


def _chat_login(client, name: str, password: str):
    return client.post("/login", data={"username": name, "password": password})


def test_a_removed_users_chat_session_and_api_access_end_at_once(served):
    client, users_file = served
    assert _chat_login(client, "ann", PASSWORD).status_code == 200
    assert client.get("/gradio_api/login_check").status_code == 200
    asked = {"json": {"question": "When was the Lantern Charter adopted?"}}
    assert client.post("/api/ask", auth=("ann", PASSWORD), **asked).status_code == 200
    remove_user(users_file, "ann")
    assert client.get("/gradio_api/login_check").status_code == 401
    assert client.post("/api/ask", auth=("ann", PASSWORD), **asked).status_code == 401
    assert _chat_login(client, "ann", PASSWORD).status_code == 400


def test_guessing_is_answered_with_429_and_retry_after_on_both_doors(served):
    client, _ = served
    for n in range(5):
        assert _chat_login(client, "bob", f"guess number {n}").status_code == 400
    refused = _chat_login(client, "bob", PASSWORD)
    assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1
    api = client.post("/api/ask", auth=("bob", PASSWORD), json={"question": "q"})
    assert api.status_code == 429 and api.headers["retry-after"].isdigit()
    assert api.json() == {"error": api.json()["error"]}
    assert api.json()["error"].startswith("too many failed logins: try again in")


def test_the_users_file_is_read_again_only_when_it_changes(tmp_path):
    path = tmp_path / "users.json"
    add_user(path, "ann", PASSWORD)
    live = LiveUsers(load_users(path), path)
    first = live.current()
    assert live.current() is first
    data = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps(data, indent=4), encoding="utf-8")
    assert live.current() is not first
