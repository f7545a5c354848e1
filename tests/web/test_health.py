"""/healthz, /readyz and /metrics on the app `serve` runs, in-process over the tiny index."""

import pytest
from fastapi.testclient import TestClient

from cica_qa.web.server import create_app
from cica_qa.web.users import add_user, load_users

PASSWORD = "correct horse battery"


def _client(tmp_path, assistant, corpus_dir, users_file=None, reingest=None) -> TestClient:
    users = load_users(users_file) if users_file else None
    app = create_app(
        assistant,
        corpus_dir,
        tmp_path / "feedback.jsonl",
        users,
        reingest,
        users_file=users_file,
        allowed_hosts=["testserver"],
    )
    return TestClient(app)


def _metric(text: str, line_start: str) -> float:
    lines = [line for line in text.splitlines() if line.startswith(line_start)]
    assert lines, f"no {line_start} in the metrics"
    return float(lines[0].rsplit(" ", 1)[1])


def test_health_readiness_and_what_the_metrics_count(tmp_path, memory_assistant, memory_index):
    client = _client(tmp_path, memory_assistant, memory_index[0].corpus_dir)
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["status"] == "ready"
    assert ready.json()["chunks"] > 0
    client.post("/api/ask", json={"question": "When was the Lantern Charter adopted?"})
    client.post("/api/ask", json={"question": "What colour is the moon over Duskport?"})
    client.post("/api/ask", json={"question": "\u200b"})
    metrics = client.get("/metrics")
    assert metrics.status_code == 200 and metrics.headers["content-type"].startswith("text/plain")
    text = metrics.text
    assert _metric(text, 'cica_answers_total{outcome="answered"}') == 1
    assert _metric(text, 'cica_answers_total{outcome="abstained"}') == 1
    assert _metric(text, 'cica_question_errors_total{kind="refused"}') == 1
    assert _metric(text, 'cica_answer_stage_seconds_count{stage="total"}') == 2
    assert _metric(text, 'cica_http_requests_total{route="api",status="2xx"}') == 2
    assert _metric(text, 'cica_http_requests_total{route="api",status="4xx"}') == 1
    assert _metric(text, 'cica_http_requests_total{route="health",status="2xx"}') == 2


def test_readiness_names_what_is_missing(tmp_path, memory_assistant, memory_index):
    config = memory_index[0]
    client = _client(tmp_path, memory_assistant, config.corpus_dir)
    assert client.get("/readyz").status_code == 200
    config.layout.manifest.unlink()  # the index is gone from under the server
    response = client.get("/readyz")
    assert response.status_code == 503 and response.json()["status"] == "not ready"
    assert "cica-qa ingest" in response.json()["reason"]
    assert client.get("/healthz").status_code == 200  # the process still answers


def test_with_logins_the_metrics_want_an_admin_and_count_failed_logins(
    tmp_path, memory_assistant, memory_index
):
    users_file = tmp_path / "users.json"
    add_user(users_file, "ann", PASSWORD, admin=True)
    add_user(users_file, "bob", PASSWORD)
    client = _client(tmp_path, memory_assistant, memory_index[0].corpus_dir, users_file)
    assert client.get("/healthz").status_code == 200  # probes need no login
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", auth=("bob", PASSWORD)).status_code == 401  # not an admin
    client.post("/api/ask", auth=("bob", "a wrong guess"), json={"question": "q"})
    text = client.get("/metrics", auth=("ann", PASSWORD)).text
    assert _metric(text, "cica_failed_logins_total") == 1  # bob's guess (his login is right)


def test_a_reingest_from_the_browser_is_counted_and_timed(tmp_path, memory_assistant, memory_index):
    from cica_qa.web.health import Metrics

    metrics = Metrics()
    run = metrics.timed_ingest(lambda: "ingested 2 documents")
    assert run() == "ingested 2 documents"

    def broken() -> str:
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        metrics.timed_ingest(broken)()
    text = metrics.text().decode()
    assert _metric(text, 'cica_ingest_runs_total{outcome="done"}') == 1
    assert _metric(text, 'cica_ingest_runs_total{outcome="failed"}') == 1
    assert _metric(text, "cica_ingest_seconds_count") == 1
