from pathlib import Path

import pytest

from cica_qa.errors import ConfigError
from cica_qa.web.exposure import check_exposure
from cica_qa.web.users import add_user, load_users

PASSWORD = "correct horse battery"


@pytest.fixture
def users_file(tmp_path: Path) -> Path:
    return tmp_path / "users.json"


@pytest.mark.parametrize("host", ["127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost"])
def test_loopback_hosts_need_no_users(users_file, host):
    check_exposure(host, bool(load_users(users_file)), users_file)


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.5", "::", "chat.example.org", ""])
def test_reachable_hosts_refuse_without_users(users_file, host):
    with pytest.raises(ConfigError, match="refusing to serve the chat") as caught:
        check_exposure(host, bool(load_users(users_file)), users_file)
    message = str(caught.value)
    assert "cica-qa user add NAME" in message
    assert str(users_file) in message
    assert "CICA_HOST" in message


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.5"])
def test_reachable_hosts_pass_with_a_user(users_file, host):
    add_user(users_file, "ada", PASSWORD)
    check_exposure(host, bool(load_users(users_file)), users_file)
