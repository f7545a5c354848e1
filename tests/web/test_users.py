import json
import stat
from pathlib import Path

import pytest

from cica_qa.errors import CicaError
from cica_qa.web.users import UsersFileError, add_user, load_users, remove_user

PASSWORD = "correct horse battery"


@pytest.fixture
def users_file(tmp_path: Path) -> Path:
    return tmp_path / "nested" / "users.json"


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


@pytest.mark.parametrize("name", ["", " ", "a b", "ada/../x", "x" * 65, "ada\nbob", "zoë"])
def test_bad_names_are_rejected(users_file, name):
    with pytest.raises(UsersFileError, match="must be 1 to 64 letters"):
        add_user(users_file, name, PASSWORD)
    assert not users_file.exists()


def test_a_name_is_one_user_in_any_case_and_without_spaces_around_it(users_file):
    add_user(users_file, " Maria\n", PASSWORD, admin=True)
    assert load_users(users_file).names == ("Maria",)
    assert load_users(users_file).verify("maria", PASSWORD)
    assert load_users(users_file).is_admin("MARIA")
    add_user(users_file, "maria", "another password")  # the same user: replaced, not added
    users = load_users(users_file)
    assert users.names == ("maria",) and not users.is_admin("Maria")
    assert users.verify("Maria", "another password") and not users.verify("maria", PASSWORD)
    remove_user(users_file, "MARIA")
    assert not load_users(users_file)


def test_a_file_naming_one_user_twice_in_two_cases_is_refused(users_file):
    add_user(users_file, "maria", PASSWORD)
    data = json.loads(users_file.read_text(encoding="utf-8"))
    data["users"]["Maria"] = data["users"]["maria"]
    users_file.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(UsersFileError, match="'Maria' and 'maria' are the same user"):
        load_users(users_file)


def test_allowed_name_characters(users_file):
    add_user(users_file, "ada.lovelace_1-x@cica", PASSWORD)
    assert load_users(users_file).names == ("ada.lovelace_1-x@cica",)


def test_short_password_is_rejected(users_file):
    with pytest.raises(UsersFileError, match="at least 8"):
        add_user(users_file, "ada", "1234567")
    assert not users_file.exists()
