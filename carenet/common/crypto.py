"""Personal fields encrypted by the application, so that a copy of the database is not a leak.

Fernet (AES-128-CBC with HMAC-SHA256, from ``cryptography``) under ``FIELD_ENCRYPTION_KEYS``:
the first key encrypts, every key decrypts, so a new key goes in front and ``manage.py
reencrypt`` moves the old rows over before the old key is dropped. Python code, forms and
templates only ever see plain text; the database and its history tables only ever see tokens.

An empty value is stored empty: "no phone given" is no secret, and ``exclude(phone="")`` keeps
working. No other comparison can work on a token, so every other lookup is refused outright
rather than quietly finding nothing: people are found through the keyed index in
``carenet.common.search``.
"""

from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import FieldError
from django.db import models
from django.db.models.lookups import Exact, IsNull


class Undecryptable(Exception):
    """A stored token that none of the configured keys opens: a wrong or missing key."""


@cache
def _fernet(keys):
    return MultiFernet([Fernet(key) for key in keys])


def fernet():
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt(text):
    return fernet().encrypt(text.encode()).decode("ascii") if text else text


def decrypt(token):
    if not token:
        return token
    try:
        return fernet().decrypt(token.encode("ascii")).decode()
    except (InvalidToken, UnicodeEncodeError) as error:
        raise Undecryptable(
            "An encrypted field could not be read with FIELD_ENCRYPTION_KEYS: "
            "is the key that wrote it missing from the list?"
        ) from error


def opens_with_newest_key(token):
    """Whether the first key alone reads this token: once all do, older keys can go."""
    if not token:
        return True
    try:
        Fernet(settings.FIELD_ENCRYPTION_KEYS[0]).decrypt(token.encode("ascii"))
    except (InvalidToken, UnicodeEncodeError):
        return False
    return True


class OnlyEmpty(Exact):
    """``field=""`` works (empty is stored empty); any other value could never match a token."""

    def get_prep_lookup(self):
        if self.rhs != "":
            raise FieldError(
                f"{self.lhs.target.name} is encrypted: it can be compared only with ''. "
                "Find people through their person_index (carenet.common.search)."
            )
        return super().get_prep_lookup()


class Encrypted:
    """Mixin for a Django field: plain text in Python, a Fernet token in a text column.

    The field keeps its class's form field, max_length and validators, which all see the plain
    text; only the column becomes ``text``, as a token is longer than what it hides.
    """

    def get_internal_type(self):
        return "TextField"

    def from_db_value(self, value, expression, connection):
        return decrypt(value)

    def get_db_prep_save(self, value, connection):
        value = super().get_db_prep_save(value, connection)
        return value if hasattr(value, "as_sql") else encrypt(value)  # expressions: bulk_update

    def get_lookup(self, lookup_name):
        return {"exact": OnlyEmpty, "isnull": IsNull}.get(lookup_name)


class EncryptedCharField(Encrypted, models.CharField):
    pass


class EncryptedEmailField(Encrypted, models.EmailField):
    pass


class EncryptedTextField(Encrypted, models.TextField):
    pass


def encrypted_fields(model):
    return [field for field in model._meta.concrete_fields if isinstance(field, Encrypted)]


def crypt_columns(apps, schema_editor, app_label, columns, forward=True, batch=500):
    """For migrations: encrypt (or, going back, decrypt) plain columns in place.

    ``columns`` maps model names to field names. Rows are read and written with plain SQL, as
    the migration's models already expect tokens. Values that are already tokens are left alone
    going forward, so a half-run migration can run again.
    """
    connection = schema_editor.connection
    quote = connection.ops.quote_name
    change = encrypt if forward else decrypt
    for model_name, names in columns.items():
        meta = apps.get_model(app_label, model_name)._meta
        table, pk = quote(meta.db_table), quote(meta.pk.column)
        cols = [quote(meta.get_field(name).column) for name in names]
        last = None
        with connection.cursor() as cursor:
            while True:
                after = "" if last is None else f"WHERE {pk} > %s"
                select = f"SELECT {pk}, {', '.join(cols)} FROM {table} {after}"
                cursor.execute(
                    f"{select} ORDER BY {pk} LIMIT {batch}", [] if last is None else [last]
                )
                rows = cursor.fetchall()
                if not rows:
                    break
                for key, *values in rows:
                    new = [
                        value if forward and _is_token(value) else change(value) for value in values
                    ]
                    if new != values:
                        assignments = ", ".join(f"{col} = %s" for col in cols)
                        cursor.execute(
                            f"UPDATE {table} SET {assignments} WHERE {pk} = %s", [*new, key]
                        )
                last = rows[-1][0]


def _is_token(value):
    try:
        decrypt(value)
    except Undecryptable:
        return False
    return True
