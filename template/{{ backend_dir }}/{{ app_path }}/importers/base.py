"""What the importers share: reading a table, and what one user has in the source library.

The importers read the source library's tables with SQL, not through its models: a
project moving off a library has often removed it from INSTALLED_APPS (or uninstalled
it) before the data is moved, while its tables stay until someone drops them. Only the
columns each importer names are relied on; a missing table or column is an error saying
which.
"""

import base64
import binascii
from dataclasses import dataclass, field

from django.db import connection

from ..backup_codes.codes import normalize_imported_code


class SourceError(Exception):
    """The source library's data is not where or what the importer expects."""


def table_exists(table: str) -> bool:
    with connection.cursor() as cursor:
        return table in connection.introspection.table_names(cursor)


def read_rows(
    table: str, columns: list[str], *, library: str, order_by: str | None = "id"
) -> list[dict]:
    """Every row of ``table`` (by ``order_by``), as dicts of ``columns``."""
    if not table_exists(table):
        raise SourceError(
            f"The table {table} of {library} is not in the database: is this the "
            f"database {library} was used with, and were its migrations applied?"
        )
    with connection.cursor() as cursor:
        description = connection.introspection.get_table_description(cursor, table)
        present = {column.name for column in description}
        missing = [column for column in columns if column not in present]
        if missing:
            raise SourceError(
                f"The table {table} has no column {', '.join(missing)}: this {library} "
                "version keeps its data differently, and the import does not know it."
            )
        quote = connection.ops.quote_name
        # The names are the importers' constants, quoted: no input reaches the SQL.
        names = ", ".join(map(quote, columns))
        order = f" ORDER BY {quote(order_by)}" if order_by else ""
        cursor.execute(f"SELECT {names} FROM {quote(table)}{order}")  # noqa: S608
        return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def base32_secret(secret: str) -> str | None:
    """The secret as this app stores it (upper-case base32, no padding), or None."""
    cleaned = "".join(secret.split()).upper().rstrip("=")
    try:
        decoded = base64.b32decode(cleaned + "=" * (-len(cleaned) % 8))
    except (binascii.Error, ValueError):
        return None
    return cleaned if decoded else None


def secret_from_hex(key: str) -> str | None:
    """A hex-encoded key (django-otp's) as a base32 secret, or None."""
    try:
        raw = bytes.fromhex(key)
    except ValueError:
        return None
    return base64.b32encode(raw).decode("ascii").rstrip("=") if raw else None


@dataclass
class Authenticator:
    """One authenticator app (TOTP) that can be imported."""

    name: str  # as the library shows it; may be empty
    secret: str  # base32
    # The time step of the last code the library accepted: that code is not accepted again.
    last_counter: int = -1

    @property
    def label(self) -> str:
        return authenticator_label(self.name)


def authenticator_label(name: str) -> str:
    return f'authenticator "{name}"' if name else "authenticator"


@dataclass
class ImportedPasskey:
    """One WebAuthn credential that can be imported: its public key as COSE bytes, as this
    app stores its own, and the user handle the authenticator keeps with it."""

    name: str
    credential_id: bytes
    public_key: bytes
    sign_count: int
    user_handle: bytes
    transports: list[str] = field(default_factory=list)
    aaguid: str = ""
    backup_eligible: bool = False
    backed_up: bool = False
    # SHA-256 of the domain it was made for, when the library kept its registration.
    rp_id_hash: bytes | None = None

    @property
    def label(self) -> str:
        return f'passkey "{self.name}"' if self.name else "passkey"


@dataclass
class SourceUser:
    """What one user has in the source library, and what of it cannot be imported."""

    user_id: object
    authenticator: Authenticator | None = None
    passkeys: list[ImportedPasskey] = field(default_factory=list)
    backup_codes: set[str] = field(default_factory=set)
    # Sentences for the admin: each factor not imported, and why.
    not_imported: list[str] = field(default_factory=list)
    # Backup codes that exist but cannot be carried over: the user needs new ones.
    codes_lost: int = 0

    def has_anything(self) -> bool:
        return bool(self.authenticator or self.passkeys or self.backup_codes or self.not_imported)

    def second_factors(self) -> list[str]:
        """What would be imported, as the report names it."""
        found = [self.authenticator.label] if self.authenticator else []
        return found + [passkey.label for passkey in self.passkeys]

    def refuse(self, what: str, why: str) -> None:
        self.not_imported.append(f"{what} not imported: {why}")

    def offer(self, authenticator: Authenticator) -> None:
        """Take an importable authenticator. This app keeps one per user: the one used last,
        or else the first."""
        kept, other = self.authenticator, authenticator
        if kept is None or other.last_counter > kept.last_counter:
            kept, other = other, kept
        self.authenticator = kept
        if other is not None:
            why = (
                "was used more recently" if kept.last_counter > other.last_counter else "came first"
            )
            self.refuse(other.label, f"this app keeps one per user, and {kept.label} {why}")

    def add_codes(self, codes: list[str], *, what: str) -> None:
        """Take plain-text backup codes; those this app cannot accept are counted as lost."""
        normalized = [normalize_imported_code(code) for code in codes]
        self.backup_codes.update(code for code in normalized if code)
        self.lose_codes(
            normalized.count(None),
            what=what,
            why="not 6 to 32 letters and digits, which this app accepts",
        )

    def lose_codes(self, count: int, *, what: str, why: str) -> None:
        if count:
            self.codes_lost += count
            self.refuse(f"{count} {what}", why)


class SourceUsers(dict):
    """The users found in the source, by user id, each made on first use."""

    def __missing__(self, user_id: object) -> SourceUser:
        self[user_id] = SourceUser(user_id)
        return self[user_id]
