"""Model fields whose values are encrypted at rest with the owner's data key.

Values are sealed in `pre_save`, where the model instance (and so its owner) is
known. A loaded value is opened against the row's owner as soon as the instance is
built (or, if the owner column was not loaded, on first access): a ciphertext sealed
with someone else's data key, or for another field, raises DecryptionError instead
of showing one person's words on another person's record.

The column only ever holds ciphertext: `get_prep_value` refuses plaintext, so
`QuerySet.update()` or a lookup with a plain value fails loudly instead of writing or
searching plaintext, and lookups other than exact, in and isnull (which would skip
that check, or mean nothing on ciphertext) are not available. `values()` and
`values_list()` give `Sealed` objects: there is no owner there to open them against.

Every value except None round-trips exactly, `""`, `0` and `False` included.
"""

import contextlib
import json
import logging

from django.core import checks
from django.db import models
from django.db.models.query_utils import DeferredAttribute

from . import crypto, keyring

log = logging.getLogger(__name__)

ALLOWED_LOOKUPS = frozenset({"exact", "in", "isnull"})


class Sealed:
    """A ciphertext as read from the database, not opened (yet)."""

    __slots__ = ("token",)

    def __init__(self, token):
        self.token = token

    def __reduce__(self):
        return (Sealed, (self.token,))

    def __repr__(self):
        return "<Sealed>"

    def __str__(self):
        return "[encrypted]"


class EncryptedAttribute(DeferredAttribute):
    """Opens a sealed value against the owner of the instance it belongs to.

    A data descriptor (it has `__set__`), so reads come here even once the value is in
    the instance's `__dict__`.
    """

    def __set__(self, instance, value):
        instance.__dict__[self.field.attname] = value

    def __get__(self, instance, cls=None):
        if instance is None:
            return self
        value = super().__get__(instance, cls)
        if isinstance(value, Sealed):
            owner_id = getattr(instance, self.field.owner_attname)
            value = self.field.open(value.token, owner_id)
            instance.__dict__[self.field.attname] = value
        return value


class EncryptedField(models.TextField):
    descriptor_class = EncryptedAttribute

    def __init__(self, *args, owner_field="owner", **kwargs):
        self.owner_field = owner_field
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.owner_field != "owner":
            kwargs["owner_field"] = self.owner_field
        return name, path, args, kwargs

    def contribute_to_class(self, cls, name, private_only=False):
        super().contribute_to_class(cls, name, private_only=private_only)
        if not cls._meta.abstract:
            models.signals.post_init.connect(self._open_loaded, sender=cls)

    @property
    def owner_attname(self):
        return self.model._meta.get_field(self.owner_field).attname

    def check(self, **kwargs):
        errors = super().check(**kwargs)
        try:
            self.model._meta.get_field(self.owner_field)
        except Exception:
            errors.append(
                checks.Error(
                    f"Encrypted field needs an owner field named {self.owner_field!r}.",
                    obj=self,
                    id="steadfast.E001",
                )
            )
        return errors

    @property
    def purpose(self):
        return f"{self.model._meta.label_lower}.{self.name}"

    # Subclasses say how a Python value becomes bytes and back.
    def to_bytes(self, value):
        raise NotImplementedError

    def from_bytes(self, data):
        raise NotImplementedError

    def open(self, token, owner_id):
        """The value of a stored ciphertext of `owner_id`'s; None if its key was destroyed."""
        data = keyring.open_token(token, owner_id, self.purpose)
        return None if data is None else self.from_bytes(data)

    def _open_loaded(self, sender, instance, **kwargs):
        # Open right after loading, as close as possible to reading the row: a key
        # rotated or destroyed later does not affect what was already read.
        data = instance.__dict__
        value = data.get(self.attname)
        owner_attname = self.owner_attname
        if isinstance(value, Sealed) and owner_attname in data:
            # On failure it stays sealed, and reading the attribute raises.
            with contextlib.suppress(crypto.DecryptionError):
                data[self.attname] = self.open(value.token, data[owner_attname])

    def pre_save(self, model_instance, add):
        value = getattr(model_instance, self.attname)
        if value is None:
            return None
        owner_id = getattr(model_instance, self.owner_attname)
        key_id, key = keyring.active_key(owner_id)
        return crypto.encrypt(key_id, key, self.to_bytes(value), self.purpose)

    def get_prep_value(self, value):
        if value is None:
            return None
        if not crypto.is_token(value):
            raise ValueError(
                f"{self.purpose} is encrypted: save it through the model instance; it cannot "
                "be filtered on or updated in bulk."
            )
        return value

    def get_lookup(self, lookup_name):
        if lookup_name not in ALLOWED_LOOKUPS:
            return None
        return super().get_lookup(lookup_name)

    def get_transform(self, lookup_name):
        return None

    def from_db_value(self, value, expression, connection):
        return None if value is None else Sealed(value)

    def to_python(self, value):
        return value

    def value_to_string(self, obj):
        # Serialisers (dumpdata) get nothing readable.
        return "[encrypted]"


class EncryptedTextField(EncryptedField):
    description = "Text encrypted with the owner's data key"

    def to_bytes(self, value):
        return str(value).encode("utf-8")

    def from_bytes(self, data):
        return data.decode("utf-8")

    def to_python(self, value):
        return value if value is None or isinstance(value, Sealed) else str(value)


class EncryptedJSONField(EncryptedField):
    """Any JSON value (dict, list, number, bool, string). None means "no value".

    Dict key order is kept. NaN and infinities are refused: they are not JSON.
    """

    description = "JSON encrypted with the owner's data key"

    def to_bytes(self, value):
        return json.dumps(value, ensure_ascii=False, allow_nan=False).encode("utf-8")

    def from_bytes(self, data):
        return json.loads(data.decode("utf-8"))

    def formfield(self, **kwargs):
        return None
