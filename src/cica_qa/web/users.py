"""Chat users: salted scrypt password hashes for the web login, and who is an admin."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
)

from cica_qa.errors import CicaError
from cica_qa.files import atomic_write

FILE_VERSION = 1
SCRYPT_N, SCRYPT_R, SCRYPT_P = 16384, 8, 1
SALT_BYTES = 16
HASH_BYTES = 32
MIN_PASSWORD_CHARS = 8
MAX_SCRYPT_N = 2**20  # a larger n in the file would make each login cost seconds and GBs
NAME_PATTERN = r"^[A-Za-z0-9._@-]{1,64}$"
_NAME = re.compile(NAME_PATTERN)
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
        """The user with this name, ignoring case ("Maria" is "maria"), or None."""
        key = name.casefold()
        return next((user for user in self.users if user.name.casefold() == key), None)

    @property
    def names(self) -> tuple[str, ...]:
        """User names, sorted."""
        return tuple(sorted(user.name for user in self.users))

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.get(name) is not None

    def __len__(self) -> int:
        return len(self.users)

    def __bool__(self) -> bool:
        return bool(self.users)


# --- the file -------------------------------------------------------------------------------


def _power_of_two(n: int) -> int:
    if n & (n - 1):
        raise ValueError("n must be a power of two")
    return n


def _hex(text: str) -> str:
    bytes.fromhex(text)  # ValueError names the bad character
    return text


class _StoredUser(BaseModel):
    """A user as the file holds it: scrypt parameters, hex salt and hash, and the role."""

    model_config = ConfigDict(strict=True, extra="forbid")

    salt: Annotated[str, StringConstraints(min_length=2), AfterValidator(_hex)]
    hash: Annotated[str, StringConstraints(min_length=32), AfterValidator(_hex)]
    n: Annotated[int, Field(ge=2, le=MAX_SCRYPT_N), AfterValidator(_power_of_two)]
    r: Annotated[int, Field(ge=1, lt=2**15)]
    p: Annotated[int, Field(ge=1, lt=2**15)]
    admin: bool


UserName = Annotated[str, StringConstraints(pattern=NAME_PATTERN)]


class _UsersFile(BaseModel):
    """The users file: a format version and the users by name."""

    model_config = ConfigDict(strict=True, extra="forbid")

    version: Literal[1]
    users: dict[UserName, _StoredUser]


def load_users(path: Path) -> Users:
    """Read the users file; a missing file is no users (the chat asks nobody to log in)."""
    try:
        text = path.read_bytes()
    except FileNotFoundError:
        return Users()
    except OSError as error:
        raise _malformed(path, f"cannot read it: {error.strerror}") from None
    try:
        stored = _UsersFile.model_validate_json(text)
    except ValidationError as error:
        problem = error.errors(include_url=False)[0]
        where = ".".join(str(part) for part in problem["loc"])
        raise _malformed(path, f"{where}: {problem['msg']}" if where else problem["msg"]) from None
    seen: dict[str, str] = {}
    for name in sorted(stored.users):
        if (other := seen.setdefault(name.casefold(), name)) != name:
            raise _malformed(path, f"{other!r} and {name!r} are the same user in another case")
    return Users(
        tuple(
            User(name, u.admin, bytes.fromhex(u.salt), bytes.fromhex(u.hash), u.n, u.r, u.p)
            for name, u in stored.users.items()
        )
    )


def add_user(path: Path, name: str, password: str, admin: bool = False) -> None:
    """Add a user to the file, or replace an existing user's password and role (a name is
    the same user in any case: "Maria" replaces "maria")."""
    user = make_user(name, password, admin)
    others = tuple(u for u in load_users(path).users if u.name.casefold() != user.name.casefold())
    _write_users(path, Users((*others, user)))


def remove_user(path: Path, name: str) -> None:
    """Remove a user from the file; raises UsersFileError when there is no such user."""
    users = load_users(path)
    user = users.get(name.strip())
    if user is None:
        raise UsersFileError(f"there is no user {name!r} in {path}; see `cica-qa user list`")
    _write_users(path, Users(tuple(u for u in users.users if u is not user)))


def make_user(name: str, password: str, admin: bool = False) -> User:
    """A new user with a fresh random salt; raises UsersFileError for a bad name or password.
    Spaces around the name are dropped (a login form drops them too)."""
    name = name.strip()
    check_name(name)
    check_password(password)
    salt = os.urandom(SALT_BYTES)
    digest = _scrypt(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P, HASH_BYTES)
    return User(name=name, admin=admin, salt=salt, hash=digest)


def check_name(name: str) -> None:
    """Raise UsersFileError unless the name is 1-64 letters, digits, '.', '_', '-' or '@'
    (spaces around it aside)."""
    if not _NAME.fullmatch(name.strip()):
        raise UsersFileError(
            f"user name {name!r} must be 1 to 64 letters, digits, '.', '_', '-' or '@'"
        )


def check_password(password: str) -> None:
    """Raise UsersFileError for a password shorter than MIN_PASSWORD_CHARS."""
    if len(password) < MIN_PASSWORD_CHARS:
        raise UsersFileError(
            f"the password has {len(password)} characters; use at least {MIN_PASSWORD_CHARS}"
        )


def _write_users(path: Path, users: Users) -> None:
    """Write the file atomically and durably, readable by its owner only (mode 0600)."""
    stored = _UsersFile(
        version=FILE_VERSION,
        users={
            user.name: _StoredUser(
                salt=user.salt.hex(),
                hash=user.hash.hex(),
                n=user.n,
                r=user.r,
                p=user.p,
                admin=user.admin,
            )
            for user in sorted(users.users, key=lambda u: u.name)
        },
    )
    text = json.dumps(stored.model_dump(), indent=2) + "\n"
    atomic_write(path, text, mode=0o600, durable=True)


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int, length: int) -> bytes:
    # OpenSSL's default 32 MiB limit is too tight for some valid (n, r, p); allow what they need.
    needed = 128 * r * (n + p + 2)
    return hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=needed + 2**20, dklen=length
    )


def _malformed(path: Path, reason: str) -> UsersFileError:
    return UsersFileError(
        f"{path} is not a valid users file ({reason}): fix or delete {path}, "
        "then add users with `cica-qa user add NAME`"
    )
