"""Chat users: salted scrypt password hashes for the web login, and who is an admin."""

from __future__ import annotations

import argparse
import contextlib
import getpass
import hashlib
import hmac
import ipaddress
import json
import os
import re
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeGuard

from cica_qa.errors import CicaError, ConfigError

FILE_VERSION = 1
SCRYPT_N, SCRYPT_R, SCRYPT_P = 16384, 8, 1
SALT_BYTES = 16
HASH_BYTES = 32
MIN_PASSWORD_CHARS = 8
_MAX_SCRYPT_N = 2**20  # a larger n in the file would make each login cost seconds and GBs
_NAME = re.compile(r"[A-Za-z0-9._@-]{1,64}")
# Unknown names are checked against this so that they cost as much time as known ones.
_DUMMY_SALT = bytes(SALT_BYTES)


class UsersFileError(CicaError):
    """The users file is malformed, or a user name or password cannot be stored."""


@dataclass(frozen=True)
class User:
    """One chat user; the hash fields stay out of repr so they never reach a log."""

    name: str
    admin: bool
    salt: bytes = field(repr=False)
    hash: bytes = field(repr=False)
    n: int = SCRYPT_N
    r: int = SCRYPT_R
    p: int = SCRYPT_P

    def matches(self, password: str) -> bool:
        """True when the password hashes to the stored hash (compared in constant time)."""
        computed = _scrypt(password, self.salt, self.n, self.r, self.p, len(self.hash))
        return hmac.compare_digest(computed, self.hash)


@dataclass(frozen=True)
class Users:
    """The users in the file; empty means the chat asks nobody to log in."""

    users: tuple[User, ...] = ()

    def verify(self, name: str, password: str) -> bool:
        """True for a known name with its password; an unknown name costs the same time."""
        user = self.get(name)
        if user is None:
            dummy = _scrypt(password, _DUMMY_SALT, SCRYPT_N, SCRYPT_R, SCRYPT_P, HASH_BYTES)
            hmac.compare_digest(dummy, bytes(HASH_BYTES))
            return False
        return user.matches(password)

    def is_admin(self, name: str) -> bool:
        """True when the name is a known user with the admin role."""
        user = self.get(name)
        return user is not None and user.admin

    def get(self, name: str) -> User | None:
        """The user with this name, or None."""
        return next((user for user in self.users if user.name == name), None)

    @property
    def names(self) -> tuple[str, ...]:
        """User names, sorted."""
        return tuple(sorted(user.name for user in self.users))

    def __contains__(self, name: object) -> bool:
        return any(user.name == name for user in self.users)

    def __len__(self) -> int:
        return len(self.users)

    def __bool__(self) -> bool:
        return bool(self.users)


def make_user(name: str, password: str, admin: bool = False) -> User:
    """A new user with a fresh random salt; raises UsersFileError for a bad name or password."""
    check_name(name)
    check_password(password)
    salt = os.urandom(SALT_BYTES)
    digest = _scrypt(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P, HASH_BYTES)
    return User(name=name, admin=admin, salt=salt, hash=digest)


def check_name(name: str) -> None:
    """Raise UsersFileError unless the name is 1-64 letters, digits, '.', '_', '-' or '@'."""
    if not _NAME.fullmatch(name):
        raise UsersFileError(
            f"user name {name!r} must be 1 to 64 letters, digits, '.', '_', '-' or '@'"
        )


def check_password(password: str) -> None:
    """Raise UsersFileError for a password shorter than MIN_PASSWORD_CHARS."""
    if len(password) < MIN_PASSWORD_CHARS:
        raise UsersFileError(
            f"the password has {len(password)} characters; use at least {MIN_PASSWORD_CHARS}"
        )


def load_users(path: Path) -> Users:
    """Read the users file; a missing file is no users (the chat asks nobody to log in)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Users()
    except (OSError, UnicodeDecodeError) as error:
        raise _malformed(path, f"cannot read it: {error}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise _malformed(path, f"not JSON: {error}") from None
    return Users(_parse_users(path, data))


def add_user(path: Path, name: str, password: str, admin: bool = False) -> None:
    """Add a user to the file, or replace an existing user's password and role."""
    user = make_user(name, password, admin)
    others = tuple(u for u in load_users(path).users if u.name != name)
    _write_users(path, Users((*others, user)))


def remove_user(path: Path, name: str) -> None:
    """Remove a user from the file; raises UsersFileError when there is no such user."""
    users = load_users(path)
    if name not in users:
        raise UsersFileError(f"there is no user {name!r} in {path}; see `cica-qa user list`")
    _write_users(path, Users(tuple(u for u in users.users if u.name != name)))


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


def check_exposure(host: str, users: Users, users_file: Path) -> None:
    """Raise ConfigError when the chat would be reachable from other machines without logins."""
    if users or is_loopback(host):
        return
    raise ConfigError(
        f"refusing to serve the chat on {host or '(empty host)'} without logins: add a user "
        f"with `cica-qa user add NAME` (stored in {users_file}, CICA_USERS_FILE), "
        "or bind to 127.0.0.1 with CICA_HOST"
    )


def add_user_command(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `cica-qa user add|remove|list` on the CLI's subcommands."""
    user = subparsers.add_parser("user", help="add, remove or list the chat's users")
    actions = user.add_subparsers(dest="user_action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="add a user, or set a new password and role")
    add.add_argument("name", help="1-64 letters, digits, '.', '_', '-' or '@'")
    add.add_argument("--admin", action="store_true", help="give the user the admin role")
    add.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from one line of stdin instead of asking twice",
    )
    remove = actions.add_parser("remove", help="remove a user")
    remove.add_argument("name")
    actions.add_parser("list", help="list the users, marking admins")


def run_user(
    args: argparse.Namespace,
    users_file: Path,
    read_password: Callable[[str], str] | None = None,
) -> int:
    """Run `cica-qa user ACTION`; read_password asks for a password (getpass by default)."""
    if args.user_action == "add":
        return _run_add(args, users_file, read_password or getpass.getpass)
    if args.user_action == "remove":
        remove_user(users_file, args.name)
        print(f"removed user {args.name} from {users_file}")
        return 0
    if args.user_action == "list":
        return _run_list(users_file)
    raise UsersFileError(f"unknown action {args.user_action!r}: use add, remove or list")


def _run_add(
    args: argparse.Namespace, users_file: Path, read_password: Callable[[str], str]
) -> int:
    check_name(args.name)
    existed = args.name in load_users(users_file)  # a malformed file fails before any prompt
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        check_password(password)
    else:
        password = read_password(f"Password for {args.name}: ")
        check_password(password)
        if read_password("Repeat the password: ") != password:
            raise UsersFileError("the passwords do not match; nothing changed")
    add_user(users_file, args.name, password, admin=args.admin)
    role = " (admin)" if args.admin else ""
    verb = "updated" if existed else "added"
    print(f"{verb} user {args.name}{role} in {users_file}")
    return 0


def _run_list(users_file: Path) -> int:
    users = load_users(users_file)
    if not users:
        print(f"no users in {users_file}: add one with `cica-qa user add NAME`")
        return 0
    for name in users.names:
        print(f"{name} (admin)" if users.is_admin(name) else name)
    return 0


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int, length: int) -> bytes:
    # OpenSSL's default 32 MiB limit is too tight for some valid (n, r, p); allow what they need.
    needed = 128 * r * (n + p + 2)
    return hashlib.scrypt(
        password.encode("utf-8"),
        salt=salt,
        n=n,
        r=r,
        p=p,
        maxmem=needed + 2**20,
        dklen=length,
    )


def _write_users(path: Path, users: Users) -> None:
    """Write the file atomically with mode 0600, creating its folder."""
    data = {
        "version": FILE_VERSION,
        "users": {
            user.name: {
                "salt": user.salt.hex(),
                "hash": user.hash.hex(),
                "n": user.n,
                "r": user.r,
                "p": user.p,
                "admin": user.admin,
            }
            for user in sorted(users.users, key=lambda u: u.name)
        },
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
    )
    try:
        os.fchmod(descriptor, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            json.dump(data, handle, indent=2)
            handle.write("\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def _parse_users(path: Path, data: object) -> tuple[User, ...]:
    if not isinstance(data, dict) or data.get("version") != FILE_VERSION:
        raise _malformed(path, f'expected an object with "version": {FILE_VERSION}')
    entries = data.get("users")
    if not isinstance(entries, dict):
        raise _malformed(path, 'expected "users" to be an object of name -> entry')
    return tuple(_parse_user(path, name, entry) for name, entry in entries.items())


def _parse_user(path: Path, name: str, entry: object) -> User:
    if not _NAME.fullmatch(name):
        raise _malformed(path, f"bad user name {name!r}")
    if not isinstance(entry, dict):
        raise _malformed(path, f"user {name!r} is not an object")
    n, r, p, admin = entry.get("n"), entry.get("r"), entry.get("p"), entry.get("admin")
    if not (_is_count(n) and _is_count(r) and _is_count(p)):
        raise _malformed(path, f"user {name!r} needs whole numbers n, r and p")
    if not (2 <= n <= _MAX_SCRYPT_N and n & (n - 1) == 0 and r * p < 2**30):
        raise _malformed(path, f"user {name!r} has scrypt parameters scrypt cannot use")
    if type(admin) is not bool:
        raise _malformed(path, f'user {name!r} needs "admin": true or false')
    try:
        salt, digest = bytes.fromhex(entry["salt"]), bytes.fromhex(entry["hash"])
    except (KeyError, TypeError, ValueError):
        raise _malformed(path, f'user {name!r} needs hex "salt" and "hash"') from None
    if not salt or len(digest) < 16:
        raise _malformed(path, f'user {name!r} has an empty "salt" or a short "hash"')
    return User(name=name, admin=admin, salt=salt, hash=digest, n=n, r=r, p=p)


def _is_count(value: object) -> TypeGuard[int]:
    return type(value) is int and value >= 1  # bool is an int subclass; not a count here


def _malformed(path: Path, reason: str) -> UsersFileError:
    return UsersFileError(
        f"{path} is not a valid users file ({reason}): fix or delete {path}, "
        "then add users with `cica-qa user add NAME`"
    )
