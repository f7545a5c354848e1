"""The chat driven in headless Chromium (Debian's package, through Playwright): answers and
their cards, the document viewer, feedback, the login wall, the maintainer tab, and a document
full of HTML/JS payloads that must show as text and never run. Screenshots of the main states
go to test-artifacts/screenshots/."""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from pathlib import Path

import pytest

from cica_qa.audit import AuditLog, read_audit
from tests.conftest import TINY_CORPUS, make_config
from tests.support.servers import BackgroundServer, free_port

pytestmark = [pytest.mark.slow, pytest.mark.browser]

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(__file__).parents[2] / "test-artifacts" / "screenshots"
XSS_DOCUMENT = """# Payload Council <script>window.__xss = 'heading'</script>

The Payload Council meets every five years <img src=x onerror="window.__xss = 'img'"> in Glimmer.

Its rules are at [the rules](javascript:window.__xss='md-link') and
<a href="javascript:window.__xss='a-link'">this link</a>.

| Body | Meets |
|---|---|
| Payload Council <script>window.__xss = 'cell'</script> | every five years <b onmouseover=x>b</b> |
"""
ADMIN, MEMBER, PASSWORD = "maria", "timur", "correct horse battery"


@pytest.fixture(scope="module")
def browser():
    """Headless Debian Chromium; without it the tests skip loudly (CI installs it)."""
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: apt-get install chromium to run the browser tests"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"]
        )
        yield launched
        launched.close()


FERRIES = """# Harbour census

Duskport, 5 March 2024 — The Duskport harbour census counted 412 ferries at anchor.
"""


HARBOUR = """# Harbour office

The harbour master of Duskport is {}.
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory, embedder):
    """The tiny corpus plus a document of payloads, ingested and served twice: open (no
    logins, as on loopback) and locked (an admin and a member)."""
    from cica_qa.answering.assistant import Assistant
    from cica_qa.ingest.pipeline import run_ingest
    from cica_qa.web.conversations import Conversations
    from cica_qa.web.server import create_app, preview_line
    from cica_qa.web.users import add_user, load_users

    root = tmp_path_factory.mktemp("site")
    corpus = root / "corpus"
    shutil.copytree(TINY_CORPUS, corpus)
    (corpus / "payloads.md").write_text(XSS_DOCUMENT, encoding="utf-8")
    (corpus / "ferries.md").write_text(FERRIES, encoding="utf-8")
    for name, master in (
        ("harbour-2019-05-01.md", "Ann Lee"),
        ("harbour-2025-02-27.md", "Bo Chen"),
    ):
        (corpus / name).write_text(HARBOUR.format(master), encoding="utf-8")
    config = make_config(root / "index", corpus)
    run_ingest(config, embedder, show_progress=False)
    assistant = Assistant.open(config.index_dir, embedder)
    users_file = root / "users.json"
    add_user(users_file, ADMIN, PASSWORD, admin=True)
    add_user(users_file, MEMBER, PASSWORD)
    report = root / "latest.html"
    report.write_text("<h1>Eval report</h1><p>accuracy 95.6%</p>", encoding="utf-8")

    def reingest() -> str:
        return run_ingest(config, embedder, show_progress=False).line()

    feedback_log = root / "feedback.jsonl"
    conversations = Conversations(root / "conversations.sqlite3")
    open_app = create_app(assistant, corpus, feedback_log, conversations=conversations)
    audit_log = root / "audit.jsonl"

    def preview() -> str:
        return preview_line(run_ingest(config, embedder, show_progress=False, dry_run=True))

    locked_app = create_app(
        assistant,
        corpus,
        feedback_log,
        load_users(users_file),
        reingest,
        report,
        audit=AuditLog(audit_log),
        conversations=conversations,
        trash_dir=root / "trash",
        preview=preview,
        run_eval=lambda: "overall 216 items 94.4% · report: evals/reports/x/latest.json",
    )
    servers = [
        BackgroundServer(open_app, "127.0.0.1", free_port()).start(),
        BackgroundServer(locked_app, "127.0.0.1", free_port()).start(),
    ]
    yield {
        "open": servers[0].url,
        "locked": servers[1].url,
        "feedback": feedback_log,
        "audit": audit_log,
        "corpus": corpus,
    }
    for server in servers:
        server.stop()


@pytest.fixture
def page(browser):
    context = browser.new_context(
        viewport={"width": 1400, "height": 1000},
        permissions=["clipboard-read", "clipboard-write"],
    )
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    # the app's Content-Security-Policy must let the chat work: a violation is an error
    opened.on(
        "console",
        lambda message: (
            errors.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    opened.errors = errors
    yield opened
    context.close()


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def ask(page, question: str) -> None:
    page.fill("#cica-question textarea", question)
    page.keyboard.press("Enter")


# an answer's bubble, not the Sources panel grouped under it
ANSWERS = ".message:not(.thought) > [data-testid='bot']"


def last_bot_message(page) -> str:
    return page.locator(ANSWERS).last.inner_text()


def ask_two(page, first: str, second: str) -> None:
    """Ask two questions, the second once the first is answered; return when the second
    is answered and saved (its link is new)."""
    ask(page, first)
    wait_for_answer(page)
    link = page.wait_for_selector("#cica-permalink", timeout=30000).get_attribute("href")
    ask(page, second)
    page.wait_for_function(
        f"() => document.querySelector('#cica-permalink')?.getAttribute('href') !== '{link}'",
        timeout=60000,
    )


def log_in(page, user: str, password: str) -> None:
    page.fill("input[type=text]", user)
    page.fill("input[type=password]", password)
    page.keyboard.press("Enter")


def wait_for_answer(page) -> None:
    page.wait_for_selector("#cica-cards .cica-card, #cica-cards .cica-related-head", timeout=60000)


def test_an_answer_streams_in_with_its_citation_cards(page, site):
    page.goto(site["open"])
    page.wait_for_selector("#cica-question textarea", timeout=60000)
    shot(page, "01-empty-chat")
    ask(page, "When was the Lantern Charter adopted?")
    seen = set()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not page.locator("#cica-cards .cica-card").count():
        bots = page.locator(ANSWERS)
        if bots.count():
            seen.add(bots.last.inner_text())
        time.sleep(0.01)
    wait_for_answer(page)
    answer = last_bot_message(page)
    assert "1987" in answer and "[1]" in answer
    assert len({text for text in seen if text.strip()}) >= 2, (
        "the answer did not appear progressively"
    )
    card = page.locator("#cica-cards .cica-card").first
    assert "milestones.txt" in card.inner_text()
    marks = card.locator("mark").all_inner_texts()  # the supporting part is highlighted
    assert any("1987" in mark for mark in marks)
    shot(page, "02-answer-with-cards")
    # the copy button copies the answer as plain text, without markdown escapes
    page.get_by_label("Copy message").last.click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert "1987" in copied and "[1]" in copied and "\\" not in copied
    # the answer first, then its sources as the panel under it lists them: ready to send
    first, panel, source = copied.splitlines()[:3]
    assert first == answer.strip() and panel == "Sources (1)"
    assert source.strip().startswith("[1] milestones.txt › MILESTONES")
    assert "milestones.txt" not in answer  # where the source is: on its card, not the bubble
    assert not page.errors


def test_every_page_carries_the_security_headers_and_other_hosts_are_refused(page, site):
    import httpx

    response = page.goto(site["locked"])
    headers = response.all_headers()
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["referrer-policy"] == "no-referrer"
    port = site["locked"].rstrip("/").rsplit(":", 1)[1]
    for path in ("/", "/api/ask", "/docs", "/openapi.json"):
        rebound = httpx.get(f"http://127.0.0.1:{port}{path}", headers={"Host": "evil.example"})
        assert rebound.status_code == 400, path
    for path in ("/docs", "/redoc", "/openapi.json", "/gradio_api/upload"):
        assert httpx.get(f"{site['locked'].rstrip('/')}{path}").status_code == 404, path
    upload = httpx.post(f"{site['locked'].rstrip('/')}/gradio_api/upload", files={"files": b"x"})
    assert upload.status_code == 404


def test_an_example_question_can_be_clicked_on_the_empty_chat(page, site):
    page.goto(site["open"])
    page.get_by_text("Who coordinates tourism?").first.click()
    wait_for_answer(page)
    assert "Who coordinates tourism?" in page.locator("[data-testid='user']").last.inner_text()


def test_view_in_document_shows_the_passage_in_its_document(page, site):
    page.goto(site["open"])
    ask(page, "How often does the Council of Wardens meet?")
    wait_for_answer(page)
    page.click("#cica-view")
    page.wait_for_selector("#cica-passage", timeout=30000)
    cited = " ".join(page.locator("#cica-document .cica-cited").all_inner_texts())
    assert "four times a year" in cited
    document = page.locator("#cica-document").inner_text()
    assert "bodies.md" in document and "Assembly of Lamplighters" in document  # the whole document
    shot(page, "03-view-in-document")


def test_an_earlier_answers_sources_reopen_and_a_card_opens_its_sentence_in_one_click(page, site):
    page.goto(site["open"])
    page.wait_for_selector("#cica-question textarea", timeout=60000)
    ask_two(
        page, "How often does the Council of Wardens meet?", "When was the Glass Accord signed?"
    )
    page.locator(ANSWERS).first.click()  # the first answer's sources again
    page.wait_for_function(
        "() => document.querySelector('#cica-cards').innerText.includes('four times a year')",
        timeout=30000,
    )
    page.locator("#cica-cards .cica-card").first.click()  # one click: in its document
    page.wait_for_selector("#cica-passage", timeout=30000)
    marked = " ".join(page.locator("#cica-document mark").all_inner_texts())
    assert "four times a year" in marked
    assert "Assembly of Lamplighters" not in marked  # the sentence, not the whole passage
    shot(page, "19-card-opens-its-sentence")


MARKER_AT = """(number) => {
  const bubble = document.querySelectorAll('#cica-chat [data-testid="bot"]')[0];
  const walker = document.createTreeWalker(bubble, NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode())) {
    const at = node.textContent.indexOf('[' + number + ']');
    if (at >= 0) {
      const range = document.createRange();
      range.setStart(node, at + 1);
      range.setEnd(node, at + 2);
      const box = range.getBoundingClientRect();
      return {x: box.x + box.width / 2, y: box.y + box.height / 2};
    }
  }
  return null;
}"""


def test_a_click_on_an_earlier_answers_marker_opens_that_source_in_its_document(page, site):
    page.goto(site["open"])
    page.wait_for_selector("#cica-question textarea", timeout=60000)
    ask_two(
        page, "How often does the Council of Wardens meet?", "When was the Glass Accord signed?"
    )
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    for _ in range(3):  # the chat may still move under the pointer as the second answer settles
        where = page.evaluate(MARKER_AT, 1)
        page.mouse.click(where["x"], where["y"])  # one click on the first answer's [1]
        try:
            page.wait_for_selector("#cica-passage", timeout=10000)
            break
        except PlaywrightTimeoutError:
            continue
    page.wait_for_selector("#cica-passage", timeout=10000)
    marked = " ".join(page.locator("#cica-document mark").all_inner_texts())
    assert "four times a year" in marked
    assert "bodies.md" in page.locator("#cica-document").inner_text()


def test_an_abstention_looks_different_and_shows_the_closest_passages(page, site):
    page.goto(site["open"])
    ask(page, "What is the best recipe for sourdough bread?")
    wait_for_answer(page)
    assert "The documents don't say" in last_bot_message(page)
    assert page.locator("#cica-cards .cica-related-head").count() == 1
    assert page.locator("#cica-cards .cica-source").count() == 0
    shot(page, "04-abstention")


def test_thumbs_down_with_a_comment_is_appended_to_the_log(page, site):
    from cica_qa.web.feedback import format_summary, read_feedback, summarize

    before = len(read_feedback(site["feedback"]).entries)
    page.goto(site["open"])
    ask(page, "When was the Glass Accord signed?")
    wait_for_answer(page)
    page.fill("#cica-comment textarea", "needs the exact date")
    page.locator(ANSWERS).last.hover()
    page.get_by_label("Dislike").last.click()
    page.wait_for_selector("#cica-status :text('recorded')", timeout=30000)
    entries = read_feedback(site["feedback"]).entries
    assert len(entries) == before + 1
    entry = entries[-1]
    assert (entry.verdict, entry.comment) == ("down", "needs the exact date")
    assert entry.question == "When was the Glass Accord signed?" and "1994" in entry.answer
    assert entry.citations and entry.citations[0]["document"] == "milestones.txt"
    shot(page, "05-feedback")
    # and the feedback summary (`cica-qa feedback`) lists it among the thumbs-down items
    summary = format_summary(summarize(read_feedback(site["feedback"])), site["feedback"])
    assert "When was the Glass Accord signed?" in summary
    assert "needs the exact date" in summary


def test_like_unlike_switch_and_a_later_comment_record_what_was_meant(page, site):
    from cica_qa.web.feedback import read_feedback, summarize

    page.goto(site["open"])
    page.wait_for_selector("#cica-question textarea", timeout=60000)
    ask(page, "How often does the Council of Wardens meet?")
    wait_for_answer(page)

    def click(label: str, status: str) -> None:
        page.locator(ANSWERS).last.hover()
        page.get_by_label(label).last.click()
        page.wait_for_selector(f"#cica-status :text('{status}')", timeout=30000)

    def latest():
        entries = read_feedback(site["feedback"]).entries
        mine = [e for e in entries if e.question == "How often does the Council of Wardens meet?"]
        return mine[-1]

    click("Like", "thumbs up was recorded")
    liked = latest()
    assert liked.verdict == "up"
    click("Liked", "taken back")  # the same thumb again takes the rating back: no record
    entries = read_feedback(site["feedback"]).entries
    assert all(e.answer_id != liked.answer_id for e in entries)
    click("Dislike", "thumbs down was recorded")
    page.fill("#cica-comment textarea", "it is four times a year, not three")
    page.keyboard.press("Enter")  # a comment typed after the thumb goes with it
    page.wait_for_selector("#cica-status :text('comment was added')", timeout=30000)
    entry = latest()
    assert (entry.verdict, entry.comment) == ("down", "it is four times a year, not three")
    records = [e for e in read_feedback(site["feedback"]).entries if e.answer_id == liked.answer_id]
    assert len(records) == 1  # one record of this answer by this user, updated in place
    assert [e.answer_id for e in summarize(read_feedback(site["feedback"])).thumbs_down].count(
        liked.answer_id
    ) == 1
    shot(page, "14-feedback-comment-after-thumb")


def test_a_reload_keeps_the_conversation_and_its_link_opens_the_answer(page, site):
    page.goto(site["open"])
    page.wait_for_selector("#cica-question textarea", timeout=60000)
    ask(page, "When was the Glass Accord signed?")
    wait_for_answer(page)
    link = page.wait_for_selector("#cica-permalink", timeout=30000).get_attribute("href")
    assert link.startswith("/a/")
    page.reload()
    page.wait_for_selector("#cica-cards .cica-card", timeout=60000)
    assert (
        "When was the Glass Accord signed?"
        in page.locator("[data-testid='user']").last.inner_text()
    )
    assert "1994" in last_bot_message(page)
    shot(page, "15-reloaded-conversation")
    page.goto(site["open"].rstrip("/") + link)
    assert page.locator("#cica-question").inner_text() == "When was the Glass Accord signed?"
    assert "1994" in page.locator("#cica-answer").inner_text()
    assert "milestones.txt" in page.locator(".cica-card").first.inner_text()
    shot(page, "16-permalink")
    assert not page.errors


def test_a_past_conversation_is_listed_and_reopened(page, site):
    page.goto(site["open"])
    page.wait_for_selector("#cica-question textarea", timeout=60000)
    ask(page, "When was the Lantern Charter adopted?")
    wait_for_answer(page)
    page.click("#cica-new-chat")
    page.wait_for_selector("#cica-cards .cica-empty", timeout=30000)
    ask(page, "How often does the Council of Wardens meet?")
    wait_for_answer(page)
    page.get_by_text("Past conversations").click()
    page.locator("#cica-past input").click()
    page.get_by_role("option", name=re.compile("Lantern Charter")).click()
    page.click("#cica-open-past")
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=user]')].map(e => e.innerText)"
        ".join('|') === 'When was the Lantern Charter adopted?'",
        timeout=30000,
    )
    assert "1987" in last_bot_message(page)
    shot(page, "24-past-conversation")


def test_clearing_the_chat_clears_its_sources_and_starts_a_new_conversation(page, site):
    page.goto(site["open"])
    page.wait_for_selector("#cica-question textarea", timeout=60000)
    ask(page, "When was the Lantern Charter adopted?")
    wait_for_answer(page)
    page.locator("#cica-chat").get_by_label("Clear").click()
    page.wait_for_selector("#cica-cards .cica-empty", timeout=30000)
    assert page.locator("#cica-permalink").count() == 0
    page.reload()  # the cleared chat stays cleared
    page.wait_for_selector("#cica-question textarea", timeout=60000)
    time.sleep(1)
    assert page.locator("[data-testid='user']").count() == 0


def test_a_conversation_downloads_as_markdown_with_both_answers_and_sources(page, site):
    page.goto(site["open"])
    page.wait_for_selector("#cica-question textarea", timeout=60000)
    ask_two(page, "When was the Lantern Charter adopted?", "When was the Glass Accord signed?")
    page.click("#cica-export-md")
    link = page.wait_for_selector("#cica-export a", timeout=30000)
    with page.expect_download() as download:
        link.click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert "When was the Lantern Charter adopted" in text and "1987" in text
    assert "When was the Glass Accord signed" in text and "1994" in text
    assert "> " in text and "milestones.txt" in text
    shot(page, "17-export")


def test_the_about_panel_says_what_the_chat_answers_from(page, site):
    page.goto(site["open"])
    page.get_by_role("tab", name="About").click()
    about = page.wait_for_selector("#cica-about table", timeout=30000)
    text = page.locator("#cica-about").inner_text()
    assert "payloads.md" in text and "milestones.txt" in about.inner_text()
    for fact in ("Chunks", "Last ingest", "Embedding model", "embedded Chroma index"):
        assert fact in text, fact
    row = page.locator("#cica-about tr", has_text="ferries.md").inner_text()
    assert "5 March 2024" in row and "dateline" in row and "MD" in row
    assert "undated" in page.locator("#cica-about tr", has_text="milestones.txt").inner_text()
    assert "carry no date" in text
    shot(page, "09-about")


def test_the_newest_document_answers_as_of_its_date_and_the_older_one_is_named(page, site):
    page.goto(site["open"])
    page.wait_for_selector("#cica-question textarea", timeout=60000)
    ask(page, "Who is the harbour master of Duskport?")
    wait_for_answer(page)
    answer = last_bot_message(page)
    assert answer.startswith("As of 27 February 2025:") and "Bo Chen" in answer
    assert (
        "Earlier documents said: Harbour office: The harbour master of Duskport is Ann Lee [2]"
        in (answer)
    )
    assert "(harbour-2019-05-01.md, 1 May 2019)" in answer
    older = page.locator("#cica-cards .cica-card[data-number='2']")
    assert "harbour-2019-05-01.md" in older.inner_text()
    assert older.locator("time.cica-date").get_attribute("datetime") == "2019-05-01"
    shot(page, "03b-as-of-and-earlier")
    assert not page.errors


def test_a_source_card_shows_the_date_of_its_document(page, site):
    page.goto(site["open"])
    page.wait_for_selector("#cica-question textarea", timeout=60000)
    ask(page, "How many ferries did the Duskport harbour census count?")
    wait_for_answer(page)
    assert "412" in last_bot_message(page)
    card = page.locator("#cica-cards .cica-card", has_text="ferries.md").first
    date = card.locator("time.cica-date")
    assert date.inner_text() == "5 March 2024" and date.get_attribute("datetime") == "2024-03-05"
    assert not page.errors


def test_new_chat_clears_the_conversation_and_sources(page, site):
    page.goto(site["open"])
    ask(page, "When was the Lantern Charter adopted?")
    wait_for_answer(page)
    page.click("#cica-new-chat")
    page.wait_for_selector("#cica-cards .cica-empty", timeout=30000)
    assert page.locator("[data-testid='bot']").count() == 0


def test_document_payloads_show_as_text_and_never_run(page, site):
    page.goto(site["open"])
    ask(page, "How often does the Payload Council meet?")
    wait_for_answer(page)
    page.click("#cica-view")
    page.wait_for_selector("#cica-passage", timeout=30000)
    page.mouse.move(900, 500)
    for link in page.locator("#cica-cards a, #cica-document a, [data-testid='bot'] a").all():
        link.click(no_wait_after=True)
    time.sleep(0.5)
    shot(page, "06-payloads-as-text")
    assert page.evaluate("window.__xss") is None
    shown = page.locator("#cica-cards").inner_text() + page.locator("#cica-document").inner_text()
    assert "<script>" in shown and "onerror" in shown  # visible as text
    dangerous = (
        "img[onerror], script:not([src]):not([type]), a[href^='javascript:'], b[onmouseover]"
    )
    for region in ("#cica-cards", "#cica-document", "#cica-chat"):
        assert page.locator(f"{region} :is({dangerous})").count() == 0
    assert not page.errors


def test_the_locked_app_asks_for_a_login_and_shows_maintainers_their_tab(page, site):
    page.goto(site["locked"])
    page.wait_for_selector("input[type=password]", timeout=60000)
    shot(page, "07-login")
    log_in(page, ADMIN, "wrong password")
    page.wait_for_selector("text=/incorrect|invalid/i", timeout=30000)
    log_in(page, ADMIN, PASSWORD)
    page.wait_for_selector("#cica-question textarea", timeout=60000)
    page.get_by_role("tab", name="Maintainer").click()
    page.click("#cica-run-eval")
    page.wait_for_selector("#cica-eval-result :text('Done: overall 216 items')", timeout=30000)
    page.wait_for_selector("#cica-report iframe", timeout=30000)
    page.click("#cica-show-report")
    page.wait_for_selector("#cica-report iframe", timeout=30000)
    page.click("#cica-reingest")
    page.wait_for_selector("#cica-ingest-result :text('Done: ingested')", timeout=120000)
    assert "0 chunks to embed" in page.locator("#cica-ingest-result").inner_text()
    shot(page, "08-maintainer-tab")
    audited = [(e.action, e.user, e.outcome) for e in read_audit(site["audit"])]
    assert ("login", ADMIN, "failed") in audited and ("login", ADMIN, "ok") in audited
    assert audited[-1] == ("reingest", ADMIN, "done")
    assert all(e.address == "127.0.0.1" for e in read_audit(site["audit"]))


def test_a_member_who_is_not_admin_has_no_maintainer_tab_and_can_log_out(page, site):
    page.goto(site["locked"])
    page.wait_for_selector("input[type=password]", timeout=60000)
    assert "CICA Q&A" in page.title()
    log_in(page, MEMBER, PASSWORD)
    page.wait_for_selector("#cica-question textarea", timeout=60000)
    assert page.get_by_role("tab", name="Maintainer").count() == 0
    assert page.get_by_role("tab", name="About").count() == 1
    assert MEMBER in page.locator("#cica-who").inner_text()
    shot(page, "18-logged-in-member")
    page.click("#cica-logout")
    page.wait_for_selector("input[type=password]", timeout=60000)
    page.goto(site["locked"])  # logged out for good: the chat asks again
    page.wait_for_selector("input[type=password]", timeout=60000)


def post_json(url: str, body: bytes, auth: tuple[str, str] | None = None) -> tuple[int, dict]:
    import base64
    import urllib.error
    import urllib.request

    request = urllib.request.Request(f"{url}/api/ask", data=body, method="POST")
    request.add_header("Content-Type", "application/json")
    if auth:
        token = base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode()
        request.add_header("Authorization", f"Basic {token}")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_the_json_api_answers_like_the_cli(site):
    body = json.dumps(
        {
            "question": "and the Council of Wardens?",
            "history": [
                {"role": "user", "content": "How often does the Assembly of Lamplighters meet?"}
            ],
        }
    ).encode()
    status, answer = post_json(site["open"], body)
    assert status == 200
    assert set(answer) >= {"question", "standalone_question", "answer", "abstained", "citations"}
    assert "Council of Wardens" in answer["standalone_question"]
    assert "four times a year" in answer["answer"] and answer["citations"]
    assert post_json(site["open"], b"not json")[0] == 400
    status, error = post_json(site["open"], json.dumps({"question": 3}).encode())
    assert status == 400 and "question" in error["error"]
    status, error = post_json(site["open"], json.dumps({"question": " "}).encode())
    assert status == 400 and "empty" in error["error"]


def test_the_json_api_is_behind_the_same_logins(site):
    body = json.dumps({"question": "When was the Lantern Charter adopted?"}).encode()
    assert post_json(site["locked"], body)[0] == 401
    assert post_json(site["locked"], body, (MEMBER, "wrong password"))[0] == 401
    status, answer = post_json(site["locked"], body, (MEMBER, PASSWORD))
    assert status == 200 and "1987" in answer["answer"]


def test_a_link_with_a_question_puts_it_in_the_question_box(page, site):
    page.goto(site["open"].rstrip("/") + "/?q=When%20was%20the%20Glass%20Accord%20signed%3F")
    page.wait_for_function(
        "() => document.querySelector('#cica-question textarea')?.value"
        " === 'When was the Glass Accord signed?'",
        timeout=60000,
    )
    page.keyboard.press("Enter")
    wait_for_answer(page)
    assert "1994" in last_bot_message(page)


def test_the_question_box_is_focused_and_the_inputs_are_named(page, site):
    page.goto(site["open"])
    page.wait_for_selector("#cica-question textarea", timeout=60000)
    assert page.get_by_role("textbox", name="Your question").count() == 1
    assert page.get_by_role("textbox", name="Comment on your rating").count() == 1
    page.wait_for_function(
        "() => document.activeElement?.closest('#cica-question') !== null", timeout=10000
    )


def test_the_latest_answers_thumbs_and_copy_are_next_to_the_question_box_in_tab_order(page, site):
    page.goto(site["open"])
    page.wait_for_selector("#cica-question textarea", timeout=60000)
    ask(page, "When was the Glass Accord signed?")
    wait_for_answer(page)
    page.focus("#cica-question textarea")
    reached = []
    for _ in range(3):
        page.keyboard.press("Shift+Tab")
        reached.append(page.evaluate("() => document.activeElement.getAttribute('aria-label')"))
    assert reached == ["Like", "Dislike", "Copy message"]


def test_on_a_phone_the_chat_fits_and_says_where_the_sources_are(browser, site):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.goto(site["open"])
    page.wait_for_selector("#cica-question textarea", timeout=60000)
    ask(page, "When was the Glass Accord signed?")
    wait_for_answer(page)
    shot(page, "22-phone")
    width = page.evaluate("document.documentElement.scrollWidth")
    # right under the answer, a Sources toggle opens its sources in place, and closes them
    answer = page.locator(ANSWERS).last.bounding_box()
    toggle = page.get_by_role("button", name=re.compile(r"^Show or hide: Sources \(\d\)$")).last
    below = toggle.bounding_box()
    assert 0 <= below["y"] - (answer["y"] + answer["height"]) < 60
    assert "1994" not in page.locator("#cica-chat .thought").last.inner_text()
    toggle.click()
    page.wait_for_function(
        "() => [...document.querySelectorAll('#cica-chat .thought')]"
        ".some((t) => t.innerText.includes('milestones.txt') && t.innerText.includes('1994'))",
        timeout=10000,
    )
    time.sleep(0.5)  # the panel slides open
    shot(page, "25-phone-sources-open")
    toggle.focus()
    page.keyboard.press("Enter")  # the keyboard closes it again
    page.wait_for_function(
        "() => !document.querySelector('#cica-chat .thought').innerText.includes('1994')",
        timeout=10000,
    )
    page.click("#cica-to-sources a")  # the hint under the chat jumps to the sources
    page.wait_for_function(
        "() => { const r = document.querySelector('#cica-cards').getBoundingClientRect();"
        " return r.top >= 0 && r.top < window.innerHeight; }",
        timeout=10000,
    )
    context.close()
    assert width <= 390  # nothing runs off the side of the screen


def settled(page, selector: str) -> None:
    """Wait until the element is drawn fully opaque (no update in progress, no fade), so
    that its colours are measured as users see them."""
    page.wait_for_function(
        "(selector) => { const root = document.querySelector(selector);"
        " if (!root) { return false; }"
        " for (let e = root; e; e = e.parentElement) {"
        "   if (parseFloat(getComputedStyle(e).opacity) < 1) { return false; } }"
        " return true; }",
        arg=selector,
        timeout=30000,
    )


def serious_violations(page) -> list[str]:
    """axe-core's serious and critical violations on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    found = Axe().run(page).response["violations"]
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
        f" {[n.get('any', [{}])[0].get('message', '') for n in v['nodes'][:2]]}"
        for v in found
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_chat_about_maintainer_and_permalink_pages_pass_axe(browser, site, scheme):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, color_scheme=scheme)
    page = context.new_page()
    found: dict[str, list[str]] = {}
    page.goto(site["locked"])
    page.wait_for_selector("input[type=password]", timeout=60000)
    found["login"] = serious_violations(page)
    log_in(page, ADMIN, PASSWORD)
    page.wait_for_selector("#cica-question textarea", timeout=60000)
    ask(page, "When was the Glass Accord signed?")
    wait_for_answer(page)
    page.locator("#cica-cards .cica-card").first.click()
    page.wait_for_selector("#cica-passage", timeout=30000)
    link = page.wait_for_selector("#cica-permalink", timeout=30000).get_attribute("href")
    page.get_by_role("button", name=re.compile(r"^Show or hide: Sources")).last.click()
    page.wait_for_selector("#cica-chat .thought .content", timeout=10000)
    time.sleep(0.5)  # the Sources panel slides open: checked open
    found["chat"] = serious_violations(page)
    shot(page, f"20-chat-{scheme}")
    page.get_by_role("tab", name="About").click()
    page.wait_for_selector("#cica-about table", timeout=30000)
    found["about"] = serious_violations(page)
    page.get_by_role("tab", name="Maintainer").click()
    page.wait_for_selector("#cica-reingest", timeout=30000)
    page.wait_for_selector("#cica-files table", timeout=30000)
    settled(page, "#cica-files table")  # Gradio dims a component while an event updates it
    found["maintainer"] = serious_violations(page)
    page.goto(site["locked"].rstrip("/") + link)
    page.wait_for_selector("#cica-answer", timeout=30000)
    found["permalink"] = serious_violations(page)
    shot(page, f"21-permalink-{scheme}")
    context.close()
    assert {name: v for name, v in found.items() if v} == {}


def test_a_maintainer_adds_previews_deletes_and_restores_documents(page, site, tmp_path):
    page.goto(site["locked"])
    page.wait_for_selector("input[type=password]", timeout=60000)
    log_in(page, ADMIN, PASSWORD)
    page.wait_for_selector("#cica-question textarea", timeout=60000)
    page.get_by_role("tab", name="Maintainer").click()
    assert str(site["corpus"]) in page.locator("#cica-maintainer").inner_text()
    page.wait_for_selector("#cica-files table", timeout=30000)
    upload = tmp_path / "minutes-2026.md"
    upload.write_text("# Minutes\n\nThe wardens met in Glimmer.\n", encoding="utf-8")
    unsafe = tmp_path / "tool.exe"
    unsafe.write_bytes(b"MZ")
    page.set_input_files("#cica-upload input[type=file]", [str(upload), str(unsafe)])
    page.wait_for_selector("#cica-upload :text('Added minutes-2026.md')", timeout=30000)
    assert "not a format ingest reads" in page.locator("#cica-upload").inner_text()
    assert (site["corpus"] / "minutes-2026.md").exists()
    page.wait_for_selector("#cica-files :text('new: re-ingest to add it')", timeout=30000)
    page.click("#cica-preview-ingest")
    page.wait_for_selector("#cica-ingest-result :text('added: minutes-2026.md')", timeout=60000)
    shot(page, "23-maintainer-documents")
    page.locator("#cica-doomed input").fill("minutes-2026.md")
    page.get_by_role("option", name="minutes-2026.md").click()
    page.click("#cica-delete-doc")
    page.wait_for_selector("#cica-doc-result :text('to the trash')", timeout=30000)
    assert not (site["corpus"] / "minutes-2026.md").exists()
    page.locator("#cica-trashed input").click()
    page.get_by_role("option", name=re.compile("minutes-2026.md")).first.click()
    page.click("#cica-restore-doc")
    page.wait_for_selector("#cica-doc-result :text('Restored minutes-2026.md')", timeout=30000)
    assert (site["corpus"] / "minutes-2026.md").exists()
    (site["corpus"] / "minutes-2026.md").unlink()  # the corpus as the other tests expect it
    audited = [(e.action, e.detail) for e in read_audit(site["audit"])]
    assert ("document-delete", "minutes-2026.md") in audited
    assert ("document-restore", "minutes-2026.md") in audited
