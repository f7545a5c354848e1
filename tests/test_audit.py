"""The audit log: JSON lines, rotated by size, read back oldest first."""

from cica_qa.audit import DETAIL_CHARS, KEEP_FILES, AuditLog, read_audit, select


def test_entries_are_rotated_by_size_and_read_back_oldest_first(tmp_path):
    path = tmp_path / "logs" / "audit.jsonl"
    log = AuditLog(path, rotate_bytes=400)
    for n in range(30):
        log.record("login", f"user{n}", "10.0.0.1", "failed" if n % 2 else "ok", f"try {n}")
    log.close()
    assert path.with_name("audit.jsonl.1").exists()  # rotated
    assert not path.with_name(f"audit.jsonl.{KEEP_FILES + 1}").exists()  # the oldest dropped
    users = [e.user for e in read_audit(path)]
    assert users == sorted(users, key=lambda u: int(u[4:]))  # oldest first, across files
    assert users[-1] == "user29"
    assert [e.user for e in select(read_audit(path), outcome="failed")][-1] == "user29"
    assert [e.user for e in select(read_audit(path), user="USER28")] == ["user28"]


def test_a_broken_line_is_passed_over_and_a_detail_is_one_short_line(tmp_path):
    path = tmp_path / "audit.jsonl"
    log = AuditLog(path)
    log.record("reingest", "ann", "127.0.0.1", "failed", "disk\nfull " * 200)
    log.close()
    with path.open("a", encoding="utf-8") as handle:
        handle.write('{"time": "2026-12-03T06:00:00+00:00", "action": "log\n')  # cut by a crash
    log.record("login", "ann", "127.0.0.1", "ok")
    log.close()
    entries = list(read_audit(path))
    assert [e.action for e in entries] == ["reingest", "login"]
    assert len(entries[0].detail) == DETAIL_CHARS and "\n" not in entries[0].detail
    assert entries[0].time.endswith("+00:00")
