"""Whether the chat would be reachable from other machines, and the rule that it then needs
logins (checked once, before serving)."""

from __future__ import annotations

import ipaddress
from pathlib import Path

from cica_qa.errors import ConfigError


def is_loopback(host: str) -> bool:
    """True for localhost, 127.0.0.0/8 and ::1; any other name or address is reachable."""
    host = host.strip().strip("[]")
    if host.lower() == "localhost":
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False  # a hostname other than localhost may resolve to a public address
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_loopback


def check_exposure(host: str, has_users: bool, users_file: Path) -> None:
    """Raise ConfigError when the chat would be reachable from other machines without logins."""
    if has_users or is_loopback(host):
        return
    raise ConfigError(
        f"refusing to serve the chat on {host or '(empty host)'} without logins: add a user "
        f"with `cica-qa user add NAME` (stored in {users_file}, CICA_USERS_FILE), "
        "or bind to 127.0.0.1 with CICA_HOST"
    )
