"""`POST /api/ask` in-process (FastAPI's TestClient) over the in-memory tiny index."""

import base64
import json

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cica_qa.web.api import install_api
from cica_qa.web.conversations import Conversations, Saving
from cica_qa.web.logins import LiveUsers, Throttle, check_login, remember_client
from cica_qa.web.users import Users, make_user

PASSWORD = "correct horse battery"


def client(assistant, users: Users | None = None, saved_in=None) -> TestClient:
    app = FastAPI()
    live = LiveUsers(users or Users())
    saving = None
    if saved_in is not None:
        saving = Saving(Conversations(saved_in), lambda: {"milestones.txt": "sha-now"})
    install_api(app, assistant, check_login(live, Throttle()) if live else None, saving)
    app.add_middleware(remember_client, users=live)
    return TestClient(app)


def basic(user: str, password: str) -> dict[str, str]:
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


def test_an_answer_comes_back_as_the_cli_prints_it(memory_assistant):
    response = client(memory_assistant).post(
        "/api/ask", json={"question": "When was the Lantern Charter adopted?"}
    )
    assert response.status_code == 200
    data = response.json()
    assert "1987" in data["answer"] and data["abstained"] is False
    assert data["citations"][0]["document"] == "milestones.txt"
    assert data["citations"][0]["location"].startswith("line")


def test_history_makes_a_follow_up_standalone(memory_assistant):
    history = [{"role": "user", "content": "How often does the Assembly of Lamplighters meet?"}]
    response = client(memory_assistant).post(
        "/api/ask", json={"question": "what about the Council of Wardens?", "history": history}
    )
    assert response.json()["standalone_question"] == "How often does the Council of Wardens meet?"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"not json", "send JSON"),
        (b"[]", "send JSON"),
        (b'{"question": 3}', '"question" must be a string'),
        (b'{"history": []}', '"question" must be a string'),
        (b'{"question": "q", "history": [{"role": "system", "content": "x"}]}', '"history"'),
        (b'{"question": "q", "history": "no"}', '"history" must be a list'),
        (b'{"question": "\\ud800"}', "send JSON"),  # a lone surrogate is no text
        (b"[" * 30_000 + b"]" * 30_000, "send JSON"),  # nested past any parser's depth
        (b'{"question": "q", "n": ' + b"9" * 60_000 + b"}", "send JSON"),
    ],
)
def test_a_bad_body_is_a_400_saying_what_to_send(memory_assistant, body, message):
    response = client(memory_assistant).post(
        "/api/ask", content=body, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert message in response.json()["error"]


def test_a_question_the_assistant_refuses_is_a_400_with_its_reason(memory_assistant):
    response = client(memory_assistant).post("/api/ask", json={"question": "   "})
    assert response.status_code == 400
    assert response.json() == {"error": "the question is empty: type a question about CICA"}


@pytest.mark.parametrize("question", ["\u0000", "\u200b\u200d", "\ufeff \u202e"])
def test_a_question_of_invisible_characters_is_empty(memory_assistant, question):
    response = client(memory_assistant).post("/api/ask", json={"question": question})
    assert response.status_code == 400
    assert response.json() == {"error": "the question is empty: type a question about CICA"}


def test_a_body_over_the_limit_is_refused(memory_assistant):
    response = client(memory_assistant).post("/api/ask", json={"question": "x" * 70_000})
    assert response.status_code == 413 and "64 KiB" in response.json()["error"]


def test_with_users_the_api_wants_http_basic(memory_assistant):
    users = Users((make_user("ada", PASSWORD),))
    api = client(memory_assistant, users)
    question = {"question": "When was the Lantern Charter adopted?"}
    missing = api.post("/api/ask", json=question)
    assert missing.status_code == 401
    assert missing.headers["WWW-Authenticate"].startswith("Basic")
    assert "cica-qa user add NAME" in missing.json()["error"]
    assert api.post("/api/ask", json=question, headers=basic("ada", "wrong")).status_code == 401
    assert api.post("/api/ask", json=question, headers=basic("ada", PASSWORD)).status_code == 200


def test_json_sent_as_a_form_is_read_as_json(memory_assistant):
    """`curl -d '{...}'` labels its body a form; the README's examples send JSON that way."""
    response = client(memory_assistant).post(
        "/api/ask",
        content=b'{"question": "When was the Lantern Charter adopted?"}',
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 200 and "1987" in response.json()["answer"]


def test_an_open_api_ignores_whatever_authorization_a_client_sends(memory_assistant):
    response = client(memory_assistant).post(
        "/api/ask",
        json={"question": "When was the Lantern Charter adopted?"},
        headers={"Authorization": "Basic !!!not-base64"},
    )
    assert response.status_code == 200


def test_a_malformed_login_to_a_locked_api_is_a_401(memory_assistant):
    locked = client(memory_assistant, Users((make_user("ada", PASSWORD),)))
    response = locked.post(
        "/api/ask", json={"question": "q"}, headers={"Authorization": "Basic !!!not-base64"}
    )
    assert response.status_code == 401 and "error" in response.json()


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)
_TURN = st.fixed_dictionaries(
    {"role": st.sampled_from(["user", "assistant", "system", ""]), "content": st.text(max_size=200)}
)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=150)
@given(
    body=st.one_of(
        st.binary(max_size=500),
        _JSON.map(lambda value: json.dumps(value).encode()),
        st.fixed_dictionaries(
            {"question": st.text(max_size=300)},
            optional={"history": st.lists(_TURN, max_size=30) | _JSON},
        ).map(lambda value: json.dumps(value).encode()),
    )
)
def test_any_body_gets_an_answer_or_a_clear_4xx_and_never_a_5xx(memory_assistant, body):
    response = _fuzzed(memory_assistant).post(
        "/api/ask", content=body, headers={"Content-Type": "application/json"}
    )
    assert response.status_code in (200, 400, 413), response.text
    data = response.json()
    if response.status_code == 200:
        assert isinstance(data["answer"], str) and data["answer"]
    else:
        assert set(data) == {"error"} and "\n" not in data["error"]
        assert "Traceback" not in data["error"] and "Error(" not in data["error"]


_CLIENTS: dict[int, TestClient] = {}


def _fuzzed(assistant) -> TestClient:
    """One client per assistant for all of a fuzz test's examples."""
    if id(assistant) not in _CLIENTS:
        _CLIENTS.clear()
        _CLIENTS[id(assistant)] = client(assistant)
    return _CLIENTS[id(assistant)]


LANTERN = {"question": "When was the Lantern Charter adopted?"}


def test_an_answer_is_saved_and_read_back_by_its_id_after_a_restart(memory_assistant, tmp_path):
    database = tmp_path / "conversations.sqlite3"
    given = client(memory_assistant, saved_in=database).post("/api/ask", json=LANTERN).json()
    assert given["id"] and given["conversation_id"] and "1987" in given["answer"]
    restarted = client(memory_assistant, saved_in=database)  # a new app on the same file
    again = restarted.get(f"/api/answers/{given['id']}")
    assert again.status_code == 200 and again.json() == given
    missing = restarted.get("/api/answers/0123456789abcdef")
    assert missing.status_code == 404 and "no answer" in missing.json()["error"]


def test_a_conversation_continues_from_the_servers_history(memory_assistant, tmp_path):
    api = client(memory_assistant, saved_in=tmp_path / "c.sqlite3")
    first = api.post(
        "/api/ask", json={"question": "How often does the Assembly of Lamplighters meet?"}
    )
    conversation = first.json()["conversation_id"]
    follow = api.post(
        "/api/ask",
        json={"question": "what about the Council of Wardens?", "conversation_id": conversation},
    ).json()
    assert follow["standalone_question"] == "How often does the Council of Wardens meet?"
    assert follow["conversation_id"] == conversation
    listed = api.get("/api/conversations").json()["conversations"]
    assert [(c["id"], c["answers"]) for c in listed] == [(conversation, 2)]
    answers = api.get(f"/api/conversations/{conversation}").json()["answers"]
    assert [a["id"] for a in answers] == [first.json()["id"], follow["id"]]


def test_history_and_a_conversation_id_together_are_a_400(memory_assistant, tmp_path):
    api = client(memory_assistant, saved_in=tmp_path / "c.sqlite3")
    body = {**LANTERN, "conversation_id": "x", "history": [{"role": "user", "content": "hi"}]}
    response = api.post("/api/ask", json=body)
    assert response.status_code == 400 and "either" in response.json()["error"]


def test_an_unknown_conversation_is_a_404_and_saves_nothing(memory_assistant, tmp_path):
    api = client(memory_assistant, saved_in=tmp_path / "c.sqlite3")
    response = api.post("/api/ask", json={**LANTERN, "conversation_id": "made-up"})
    assert response.status_code == 404 and "no conversation" in response.json()["error"]
    assert api.get("/api/conversations").json() == {"conversations": []}


def test_without_a_database_a_conversation_id_is_refused(memory_assistant):
    response = client(memory_assistant).post("/api/ask", json={**LANTERN, "conversation_id": "x"})
    assert response.status_code == 404 and "history" in response.json()["error"]


def test_users_see_only_their_own_conversations_but_open_any_permalink(memory_assistant, tmp_path):
    users = Users((make_user("ada", PASSWORD), make_user("bob", PASSWORD)))
    api = client(memory_assistant, users, saved_in=tmp_path / "c.sqlite3")
    ada, bob = basic("ada", PASSWORD), basic("bob", PASSWORD)
    given = api.post("/api/ask", json=LANTERN, headers=ada).json()
    conversation = given["conversation_id"]
    assert api.get("/api/conversations", headers=bob).json() == {"conversations": []}
    assert api.get(f"/api/conversations/{conversation}", headers=bob).status_code == 404
    assert api.delete(f"/api/conversations/{conversation}", headers=bob).status_code == 404
    continued = api.post("/api/ask", json={**LANTERN, "conversation_id": conversation}, headers=bob)
    assert continued.status_code == 404
    assert api.get(f"/api/answers/{given['id']}", headers=bob).json() == given
    assert api.get(f"/api/answers/{given['id']}").status_code == 401  # but only logged in
    as_typed = basic("ADA", PASSWORD)  # a user name is one user in any case
    assert [
        c["id"] for c in api.get("/api/conversations", headers=as_typed).json()["conversations"]
    ] == [conversation]
    assert api.delete(f"/api/conversations/{conversation}", headers=ada).status_code == 200
    assert api.get(f"/api/answers/{given['id']}", headers=ada).status_code == 404


def test_a_two_question_conversation_exports_as_markdown_and_word(memory_assistant, tmp_path):
    import io

    from docx import Document

    api = client(memory_assistant, saved_in=tmp_path / "c.sqlite3")
    first = api.post("/api/ask", json=LANTERN).json()
    second = api.post(
        "/api/ask",
        json={
            "question": "When was the Glass Accord signed?",
            "conversation_id": first["conversation_id"],
        },
    ).json()
    url = f"/api/conversations/{first['conversation_id']}/export"
    markdown = api.get(url, params={"format": "md"})
    assert markdown.status_code == 200 and markdown.headers["content-type"].startswith(
        "text/markdown"
    )
    assert "attachment" in markdown.headers["content-disposition"]
    text = markdown.text
    for reply in (first, second):
        assert reply["question"].replace("?", "") in text
        assert reply["answer"].split(" [")[0].rstrip(".") in text
        assert f"> {reply['citations'][0]['text'].splitlines()[0]}" in text
    assert text.index("Lantern Charter adopted") < text.index("Glass Accord signed")
    word = api.get(url, params={"format": "docx"})
    assert word.status_code == 200
    paragraphs = [p.text for p in Document(io.BytesIO(word.content)).paragraphs]
    assert any("1994" in p for p in paragraphs) and any("1987" in p for p in paragraphs)
    bad = api.get(url, params={"format": "pdf"})
    assert bad.status_code == 400 and "format=md or docx" in bad.json()["error"]
    assert api.get("/api/conversations/nope/export").status_code == 404
