"""Health and metrics: `GET /healthz` (the process answers), `GET /readyz` (the index opens,
its vector store answers, the model embeds; a 503 with the reason otherwise) and
`GET /metrics` in Prometheus' text format (prometheus-client; an admin's HTTP Basic login
when there are users).

What is counted, in one registry per app: HTTP requests by route and status class, answers
by outcome, questions refused or failed, the time of each answering stage, thumbs by
verdict, re-ingests from the browser by outcome and their time, and failed logins.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import Request

from cica_qa.answering.answer import Answer
from cica_qa.errors import QuestionError

STAGES = ("read", "retrieve", "compose", "total")  # of Answer.timings_ms
STAGE_BUCKETS = (0.005, 0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12)
INGEST_BUCKETS = (1, 5, 15, 30, 60, 120, 300, 600, 1800)
# route groups, so that the labels stay few whatever paths clients send
_ROUTES = {
    "/api/ask": "api",
    "/login": "login",
    "/login/": "login",
    "/healthz": "health",
    "/readyz": "health",
    "/metrics": "metrics",
}


class Metrics:
    """The app's counters and histograms, in a registry of their own."""

    def __init__(self) -> None:
        from prometheus_client import CollectorRegistry, Counter, Histogram

        self.registry = CollectorRegistry()
        options: dict[str, Any] = {"registry": self.registry}
        self.requests = Counter(
            "cica_http_requests",
            "HTTP requests served, by route group and status class",
            ["route", "status"],
            **options,
        )
        self.answers = Counter("cica_answers", "Answers given, by outcome", ["outcome"], **options)
        self.errors = Counter(
            "cica_question_errors",
            "Questions not answered: refused (a bad question) or failed (an internal error)",
            ["kind"],
            **options,
        )
        self.stages = Histogram(
            "cica_answer_stage_seconds",
            "Time of each answering stage",
            ["stage"],
            buckets=STAGE_BUCKETS,
            **options,
        )
        self.feedback = Counter(
            "cica_feedback", "Thumbs given on answers, by verdict", ["verdict"], **options
        )
        self.ingests = Counter(
            "cica_ingest_runs",
            "Re-ingests run from the browser, by outcome",
            ["outcome"],
            **options,
        )
        self.ingest_seconds = Histogram(
            "cica_ingest_seconds", "Time of a re-ingest", buckets=INGEST_BUCKETS, **options
        )
        self.failed_logins = Counter(
            "cica_failed_logins", "Failed or throttled logins (API and chat)", **options
        )

    def answered(self, answer: Answer) -> None:
        """Count an answer and observe its stages' times."""
        self.answers.labels("abstained" if answer.abstained else "answered").inc()
        for stage in STAGES:
            if stage in answer.timings_ms:
                self.stages.labels(stage).observe(answer.timings_ms[stage] / 1000)

    def timed_ingest(self, reingest: Callable[[], str]) -> Callable[[], str]:
        """The re-ingest, counted by outcome and timed."""

        def run() -> str:
            started = time.perf_counter()
            try:
                line = reingest()
            except Exception:
                self.ingests.labels("failed").inc()
                raise
            self.ingests.labels("done").inc()
            self.ingest_seconds.observe(time.perf_counter() - started)
            return line

        return run

    def text(self) -> bytes:
        """Everything, in Prometheus' text exposition format."""
        from prometheus_client import generate_latest

        return generate_latest(self.registry)


class Observed:
    """An assistant whose answers and errors are counted; everything else is the assistant's."""

    def __init__(self, assistant: Any, metrics: Metrics) -> None:
        self._assistant = assistant
        self._metrics = metrics

    def ask(self, question: str, history: Any = None, on_draft: Any = None) -> Answer:
        """The assistant's answer, counted."""
        try:
            answer = self._assistant.ask(question, history, on_draft)
        except QuestionError:
            self._metrics.errors.labels("refused").inc()
            raise
        except Exception:
            self._metrics.errors.labels("failed").inc()
            raise
        self._metrics.answered(answer)
        return answer

    def __getattr__(self, name: str) -> Any:
        return getattr(self._assistant, name)


def count_requests(app: Any, metrics: Metrics) -> Callable[..., Awaitable[None]]:
    """ASGI middleware: each HTTP response counted by its route group and status class."""

    async def counted(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        path = scope.get("path", "")
        route = _ROUTES.get(path) or ("chat" if path.startswith("/gradio_api/") else "page")

        async def send_counted(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                metrics.requests.labels(route, f"{message['status'] // 100}xx").inc()
            await send(message)

        await app(scope, receive, send_counted)

    return counted


def install_health(
    app: Any,
    assistant: Any,
    metrics: Metrics,
    may_read_metrics: Callable[[Request], Awaitable[bool]] | None = None,
) -> None:
    """Add /healthz, /readyz and /metrics to the FastAPI app. `may_read_metrics(request)`
    says whether the request may read /metrics (None: anyone, as on an open loopback chat)."""
    import anyio
    from fastapi.responses import JSONResponse, Response

    @app.get("/healthz", include_in_schema=False)
    async def healthz() -> JSONResponse:
        return JSONResponse({"status": "ok"})

    @app.get("/readyz", include_in_schema=False)
    async def readyz() -> JSONResponse:
        try:
            chunks = await anyio.to_thread.run_sync(assistant.check_ready)
        except Exception as error:  # whatever stops answering is the reason not to be ready
            reason = str(error).splitlines()[0][:300] if str(error) else type(error).__name__
            return JSONResponse({"status": "not ready", "reason": reason}, status_code=503)
        return JSONResponse({"status": "ready", "chunks": chunks})

    @app.get("/metrics", include_in_schema=False)
    async def prometheus(request: Request) -> Response:
        if may_read_metrics is not None and not await may_read_metrics(request):
            return JSONResponse(
                {"error": "log in with HTTP Basic as an admin user to read the metrics"},
                status_code=401,
                headers={"WWW-Authenticate": 'Basic realm="CICA Q&A metrics"'},
            )
        from prometheus_client import CONTENT_TYPE_LATEST

        return Response(metrics.text(), media_type=CONTENT_TYPE_LATEST)
