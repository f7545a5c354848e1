import argparse
import io
import json
import stat
import sys
from pathlib import Path

import pytest

from cica_qa.errors import CicaError, ConfigError
from cica_qa.web.users import (
    UsersFileError,
    add_user,
    add_user_command,
    check_exposure,
    load_users,
    remove_user,
    run_user,
)

PASSWORD = "correct horse battery"


@pytest.fixture
def users_file(tmp_path: Path) -> Path:
    return tmp_path / "nested" / "users.json"


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="cica-qa")
    add_user_command(parser.add_subparsers(dest="command"))
    return parser.parse_args(list(argv))


def answers(*replies: str):
    queue = list(replies)
    return lambda prompt: queue.pop(0)


def test_missing_file_means_no_users(users_file):
    users = load_users(users_file)
    assert not users
    assert len(users) == 0
    assert users.names == ()


def test_added_user_verifies_with_the_right_password_only(users_file):
    add_user(users_file, "ada", PASSWORD)
    users = load_users(users_file)
    assert users.verify("ada", PASSWORD)
    assert not users.verify("ada", PASSWORD + "!")
    assert users.names == ("ada",)
    assert len(users) == 1


def test_unknown_user_does_not_verify(users_file):
    add_user(users_file, "ada", PASSWORD)
    assert not load_users(users_file).verify("bob", PASSWORD)


def test_file_never_holds_the_password_and_is_private(users_file):
    add_user(users_file, "ada", PASSWORD)
    text = users_file.read_text(encoding="utf-8")
    assert PASSWORD not in text
    assert PASSWORD.encode().hex() not in text
    assert stat.S_IMODE(users_file.stat().st_mode) == 0o600
    entry = json.loads(text)["users"]["ada"]
    assert (entry["n"], entry["r"], entry["p"], entry["admin"]) == (16384, 8, 1, False)
    assert len(bytes.fromhex(entry["salt"])) == 16


def test_same_password_gets_a_different_salt(users_file):
    add_user(users_file, "ada", PASSWORD)
    add_user(users_file, "bob", PASSWORD)
    entries = json.loads(users_file.read_text(encoding="utf-8"))["users"]
    assert entries["ada"]["salt"] != entries["bob"]["salt"]
    assert entries["ada"]["hash"] != entries["bob"]["hash"]


def test_adding_again_replaces_password_and_role(users_file):
    add_user(users_file, "ada", PASSWORD, admin=True)
    add_user(users_file, "ada", "a new password")
    users = load_users(users_file)
    assert users.verify("ada", "a new password")
    assert not users.verify("ada", PASSWORD)
    assert not users.is_admin("ada")
    assert len(users) == 1


def test_remove_user(users_file):
    add_user(users_file, "ada", PASSWORD)
    add_user(users_file, "bob", PASSWORD)
    remove_user(users_file, "ada")
    users = load_users(users_file)
    assert users.names == ("bob",)
    assert not users.verify("ada", PASSWORD)


def test_removing_an_unknown_user_says_so(users_file):
    add_user(users_file, "ada", PASSWORD)
    with pytest.raises(UsersFileError, match="no user 'bob'"):
        remove_user(users_file, "bob")


def test_admin_flag(users_file):
    add_user(users_file, "ada", PASSWORD, admin=True)
    add_user(users_file, "bob", PASSWORD)
    users = load_users(users_file)
    assert users.is_admin("ada")
    assert not users.is_admin("bob")
    assert not users.is_admin("nobody")


def test_user_repr_hides_the_hash(users_file):
    add_user(users_file, "ada", PASSWORD)
    user = load_users(users_file).get("ada")
    assert user is not None
    assert user.hash.hex() not in repr(user)
    assert user.salt.hex() not in repr(user)


@pytest.mark.parametrize(
    "content",
    [
        "{not json",
        "[]",
        '{"version": 2, "users": {}}',
        '{"version": 1, "users": []}',
        '{"version": 1, "users": {"ada": {"salt": "zz", "hash": "00", "n": 16384, "r": 8, '
        '"p": 1, "admin": false}}}',
        '{"version": 1, "users": {"ada": {"salt": "00", "hash": "00", "n": 1000, "r": 8, '
        '"p": 1, "admin": false}}}',
    ],
)
def test_malformed_file_names_the_file_and_the_fix(users_file, content):
    users_file.parent.mkdir(parents=True)
    users_file.write_text(content, encoding="utf-8")
    with pytest.raises(UsersFileError, match=r"fix or delete .*users\.json") as caught:
        load_users(users_file)
    assert str(users_file) in str(caught.value)
    assert "cica-qa user add NAME" in str(caught.value)
    assert isinstance(caught.value, CicaError)


@pytest.mark.parametrize("name", ["", "a b", "ada/../x", "x" * 65, "ada\n", "zoë"])
def test_bad_names_are_rejected(users_file, name):
    with pytest.raises(UsersFileError, match="must be 1 to 64 letters"):
        add_user(users_file, name, PASSWORD)
    assert not users_file.exists()


def test_allowed_name_characters(users_file):
    add_user(users_file, "ada.lovelace_1-x@cica", PASSWORD)
    assert load_users(users_file).names == ("ada.lovelace_1-x@cica",)


def test_short_password_is_rejected(users_file):
    with pytest.raises(UsersFileError, match="at least 8"):
        add_user(users_file, "ada", "1234567")
    assert not users_file.exists()


@pytest.mark.parametrize("host", ["127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost"])
def test_loopback_hosts_need_no_users(users_file, host):
    check_exposure(host, load_users(users_file), users_file)


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.5", "::", "chat.example.org", ""])
def test_reachable_hosts_refuse_without_users(users_file, host):
    with pytest.raises(ConfigError, match="refusing to serve the chat") as caught:
        check_exposure(host, load_users(users_file), users_file)
    message = str(caught.value)
    assert "cica-qa user add NAME" in message
    assert str(users_file) in message
    assert "CICA_HOST" in message


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.5"])
def test_reachable_hosts_pass_with_a_user(users_file, host):
    add_user(users_file, "ada", PASSWORD)
    check_exposure(host, load_users(users_file), users_file)


def test_run_user_add_asks_twice(users_file, capsys):
    args = parse("user", "add", "ada", "--admin")
    assert run_user(args, users_file, read_password=answers(PASSWORD, PASSWORD)) == 0
    users = load_users(users_file)
    assert users.verify("ada", PASSWORD)
    assert users.is_admin("ada")
    output = capsys.readouterr().out
    assert "added user ada (admin)" in output
    assert str(users_file) in output
    assert PASSWORD not in output


def test_run_user_add_mismatch_changes_nothing(users_file):
    args = parse("user", "add", "ada")
    with pytest.raises(UsersFileError, match="the passwords do not match; nothing changed"):
        run_user(args, users_file, read_password=answers(PASSWORD, PASSWORD + "x"))
    assert not users_file.exists()


def test_run_user_add_reads_stdin(users_file, monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO(PASSWORD + "\n"))
    args = parse("user", "add", "ada", "--password-stdin")

    def never(prompt: str) -> str:
        raise AssertionError("must not prompt with --password-stdin")

    assert run_user(args, users_file, read_password=never) == 0
    assert load_users(users_file).verify("ada", PASSWORD)
    assert "added user ada in" in capsys.readouterr().out


def test_run_user_add_again_says_updated(users_file, capsys):
    add_user(users_file, "ada", PASSWORD)
    args = parse("user", "add", "ada")
    run_user(args, users_file, read_password=answers("another one", "another one"))
    assert "updated user ada" in capsys.readouterr().out
    assert load_users(users_file).verify("ada", "another one")


def test_run_user_list(users_file, capsys):
    add_user(users_file, "bob", PASSWORD)
    add_user(users_file, "ada", PASSWORD, admin=True)
    assert run_user(parse("user", "list"), users_file) == 0
    assert capsys.readouterr().out.splitlines() == ["ada (admin)", "bob"]


def test_run_user_list_without_users(users_file, capsys):
    assert run_user(parse("user", "list"), users_file) == 0
    assert "no users in" in capsys.readouterr().out


def test_run_user_remove(users_file, capsys):
    add_user(users_file, "ada", PASSWORD)
    assert run_user(parse("user", "remove", "ada"), users_file) == 0
    assert not load_users(users_file)
    assert f"removed user ada from {users_file}" in capsys.readouterr().out
