"""Answer permalinks: the page (pure), and `GET /a/<id>` on the app `serve` runs, in-process
over the tiny index, with and without logins."""

import base64

from fastapi.testclient import TestClient

from cica_qa.web.conversations import Conversations, SavedAnswer
from cica_qa.web.permalink import answer_page
from cica_qa.web.server import create_app
from cica_qa.web.users import add_user, load_users

PASSWORD = "correct horse battery"
LANTERN = {"question": "When was the Lantern Charter adopted?"}


def saved(data: dict, documents: dict | None = None) -> SavedAnswer:
    return SavedAnswer(
        "a1", "c1", "", 0, "2026-12-03T14:05:00+00:00", data["question"], "", data, documents or {}
    )


CITATION = {
    "number": 1,
    "document": "lamps.md",
    "section": "History",
    "location": "lines 3-4",
    "text": "The Lantern Charter was adopted in 1987. <b>Lamps</b> were lit.",
    "date": "2025-02-27",
    "date_source": "dateline",
}


def test_the_page_shows_the_answer_its_sources_and_their_dates_all_escaped():
    data = {
        "question": "When was the <script>Charter</script> adopted?",
        "answer": "The Lantern Charter was adopted in 1987. [1]",
        "earlier": "",
        "abstained": False,
        "citations": [CITATION],
        "related": [],
    }
    page = answer_page(saved(data, {"lamps.md": "sha"}), {"lamps.md": "sha"})
    assert "&lt;script&gt;Charter&lt;/script&gt;" in page and "<script>" not in page
    assert "&lt;b&gt;Lamps&lt;/b&gt;" in page
    assert "<mark>The Lantern Charter was adopted in 1987.</mark>" in page
    assert "27 February 2025" in page and "lamps.md" in page
    assert "3 December 2026, 14:05 UTC" in page
    assert 'id="cica-changed"' not in page


def test_the_page_says_which_cited_documents_changed_since():
    data = {"question": "q", "answer": "a [1]", "abstained": False, "citations": [CITATION]}
    page = answer_page(saved(data, {"lamps.md": "old"}), {"lamps.md": "new"})
    assert 'id="cica-changed"' in page and "this document has changed or gone: lamps.md" in page


def test_an_abstention_shows_its_closest_passages_as_not_sources():
    data = {"question": "q", "answer": "The documents don't say.", "abstained": True}
    page = answer_page(saved({**data, "citations": [], "related": [CITATION]}), {})
    assert "Closest passages (not sources of an answer)" in page and "<mark>" not in page


def _app(tmp_path, assistant, corpus_dir, users=None, users_file=None):
    app = create_app(
        assistant,
        corpus_dir,
        tmp_path / "feedback.jsonl",
        users,
        users_file=users_file,
        allowed_hosts=["testserver"],
        conversations=Conversations(tmp_path / "conversations.sqlite3"),
    )
    return TestClient(app)


def test_an_asked_answer_opens_at_its_permalink(tmp_path, memory_assistant, memory_index):
    client = _app(tmp_path, memory_assistant, memory_index[0].corpus_dir)
    given = client.post("/api/ask", json=LANTERN).json()
    page = client.get(f"/a/{given['id']}")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert "When was the Lantern Charter adopted?" in page.text and "1987" in page.text
    assert given["citations"][0]["document"] in page.text
    missing = client.get("/a/0123456789")
    assert missing.status_code == 404 and "check the link" in missing.text


def test_with_logins_a_permalink_wants_a_logged_in_user(tmp_path, memory_assistant, memory_index):
    users_file = tmp_path / "users.json"
    add_user(users_file, "ada", PASSWORD)
    add_user(users_file, "bob", PASSWORD)
    client = _app(
        tmp_path, memory_assistant, memory_index[0].corpus_dir, load_users(users_file), users_file
    )
    ada = {"Authorization": "Basic " + base64.b64encode(f"ada:{PASSWORD}".encode()).decode()}
    given = client.post("/api/ask", json=LANTERN, headers=ada).json()
    refused = client.get(f"/a/{given['id']}")
    assert refused.status_code == 401 and "Log in to the chat first" in refused.text
    assert client.get(f"/a/{given['id']}", auth=("bob", "wrong")).status_code == 401
    assert client.get(f"/a/{given['id']}", auth=("bob", PASSWORD)).status_code == 200
    # a chat login (Gradio's cookie) opens it too
    login = client.post("/login", data={"username": "bob", "password": PASSWORD})
    assert login.status_code == 200
    assert client.get(f"/a/{given['id']}").status_code == 200


def test_a_chat_login_outlives_a_restart_of_the_app(tmp_path, memory_assistant, memory_index):
    users_file = tmp_path / "users.json"
    add_user(users_file, "ada", PASSWORD)

    def started() -> TestClient:
        return _app(
            tmp_path,
            memory_assistant,
            memory_index[0].corpus_dir,
            load_users(users_file),
            users_file,
        )

    first = started()
    given = first.post("/api/ask", json=LANTERN, auth=("ada", PASSWORD)).json()
    assert first.post("/login", data={"username": "ada", "password": PASSWORD}).status_code == 200
    second = started()  # the server restarted: same database, new app
    second.cookies = first.cookies
    assert second.get(f"/a/{given['id']}").status_code == 200
    second.get("/logout")
    assert second.get(f"/a/{given['id']}").status_code == 401
