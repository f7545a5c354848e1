"""Documents managed from the browser, through the routes the Maintainer tab calls, on the
app `serve` runs (in-process, over the tiny index): only admins, every change audited."""

import shutil

from fastapi.testclient import TestClient

from cica_qa.audit import AuditLog, read_audit
from cica_qa.web.server import create_app
from cica_qa.web.users import add_user, load_users
from tests.conftest import TINY_CORPUS

PASSWORD = "correct horse battery"


def _client(tmp_path, assistant):
    corpus = tmp_path / "served"
    shutil.copytree(TINY_CORPUS, corpus)
    users_file = tmp_path / "users.json"
    add_user(users_file, "maria", PASSWORD, admin=True)
    add_user(users_file, "timur", PASSWORD)
    app = create_app(
        assistant,
        corpus,
        tmp_path / "feedback.jsonl",
        load_users(users_file),
        users_file=users_file,
        allowed_hosts=["testserver"],
        audit=AuditLog(tmp_path / "audit.jsonl"),
        trash_dir=tmp_path / "trash",
    )
    return TestClient(app), corpus


def test_an_admin_adds_several_documents_and_unsafe_ones_are_refused(tmp_path, memory_assistant):
    client, corpus = _client(tmp_path, memory_assistant)
    files = [
        ("files", ("minutes.md", b"# Minutes\n\nThe council met.", "text/markdown")),
        ("files", ("../escape.md", b"# Out", "text/markdown")),
        ("files", ("tool.exe", b"MZ", "application/octet-stream")),
    ]
    response = client.post("/api/documents", files=files, auth=("maria", PASSWORD))
    assert response.status_code == 200
    data = response.json()
    assert [a["name"] for a in data["added"]] == ["minutes.md"]
    assert {r["name"] for r in data["refused"]} == {"../escape.md", "tool.exe"}
    assert (corpus / "minutes.md").read_bytes().startswith(b"# Minutes")
    assert not (tmp_path / "escape.md").exists()
    again = client.post("/api/documents", files=files[:1], auth=("maria", PASSWORD))
    assert (
        again.status_code == 400 and "already in the corpus" in again.json()["refused"][0]["reason"]
    )
    replaced = client.post(
        "/api/documents", files=files[:1], data={"replace": "true"}, auth=("maria", PASSWORD)
    )
    assert replaced.json()["added"][0]["replaced"] is True
    audited = [(e.action, e.user, e.detail) for e in read_audit(tmp_path / "audit.jsonl")]
    assert ("document-add", "maria", "minutes.md (27 bytes)") in audited


def test_only_admins_change_documents(tmp_path, memory_assistant):
    client, corpus = _client(tmp_path, memory_assistant)
    files = [("files", ("minutes.md", b"# Minutes", "text/markdown"))]
    for auth in (None, ("timur", PASSWORD), ("maria", "wrong")):
        response = client.post("/api/documents", files=files, auth=auth)
        assert response.status_code in (401, 403), auth
        assert client.delete("/api/documents/milestones.txt", auth=auth).status_code in (401, 403)
    assert not (corpus / "minutes.md").exists() and (corpus / "milestones.txt").exists()


def test_a_deleted_document_is_restored_from_the_trash(tmp_path, memory_assistant):
    client, corpus = _client(tmp_path, memory_assistant)
    admin = ("maria", PASSWORD)
    deleted = client.delete("/api/documents/milestones.txt", auth=admin).json()
    assert deleted["deleted"] == "milestones.txt" and not (corpus / "milestones.txt").exists()
    assert client.delete("/api/documents/milestones.txt", auth=admin).status_code == 404
    restored = client.post(f"/api/trash/{deleted['trash_id']}/restore", auth=admin)
    assert restored.json() == {"restored": "milestones.txt"}
    assert (corpus / "milestones.txt").exists()
    assert client.post(f"/api/trash/{deleted['trash_id']}/restore", auth=admin).status_code == 409


def test_more_files_than_allowed_or_no_files_are_a_400(tmp_path, memory_assistant):
    from cica_qa.web.maintain import MAX_FILES

    client, corpus = _client(tmp_path, memory_assistant)
    many = [("files", (f"n{i}.md", b"# N", "text/markdown")) for i in range(MAX_FILES + 1)]
    response = client.post("/api/documents", files=many, auth=("maria", PASSWORD))
    assert response.status_code == 400, response.text
    assert "multipart" in response.json()["error"], response.text
    assert not (corpus / "n0.md").exists()
    empty = client.post("/api/documents", data={"replace": "true"}, auth=("maria", PASSWORD))
    assert empty.status_code == 400 and "no files" in empty.json()["error"]


def test_a_chat_login_changes_documents_only_from_the_apps_own_pages(tmp_path, memory_assistant):
    client, corpus = _client(tmp_path, memory_assistant)
    assert (
        client.post("/login", data={"username": "maria", "password": PASSWORD}).status_code == 200
    )
    files = [("files", ("minutes.md", b"# Minutes", "text/markdown"))]
    elsewhere = client.post(
        "/api/documents", files=files, headers={"Origin": "https://evil.example"}
    )
    assert elsewhere.status_code == 403 and not (corpus / "minutes.md").exists()
    assert client.post("/api/documents", files=files).status_code == 403  # no origin said
    own = client.post("/api/documents", files=files, headers={"Origin": "http://testserver"})
    assert own.status_code == 200 and (corpus / "minutes.md").exists()
