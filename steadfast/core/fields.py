"""Model fields whose values are encrypted at rest with the owner's data key.

Values are sealed in `pre_save`, where the model instance (and so its owner) is
known, and opened in `from_db_value`. The column only ever holds ciphertext:
`get_prep_value` refuses plaintext, so `QuerySet.update()` or a lookup with a
plain value fails loudly instead of writing or searching plaintext.

Every value except None round-trips exactly, `""`, `0` and `False` included.
"""

import json
import logging

from django.core import checks
from django.db import models

from . import crypto, keyring

log = logging.getLogger(__name__)


class EncryptedField(models.TextField):
    def __init__(self, *args, owner_field="owner", **kwargs):
        self.owner_field = owner_field
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.owner_field != "owner":
            kwargs["owner_field"] = self.owner_field
        return name, path, args, kwargs

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

    def from_db_value(self, value, expression, connection):
        if value is None:
            return None
        key_id, sealed = crypto.parse_token(value)
        key = keyring.key_by_id(key_id)
        if key is None:
            # The key was destroyed (the person was erased); nothing can be read.
            return None
        return self.from_bytes(crypto.decrypt(key_id, key, sealed, self.purpose))

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
        return value if value is None else str(value)


class EncryptedJSONField(EncryptedField):
    """Any JSON value (dict, list, number, bool, string). None means "no value"."""

    description = "JSON encrypted with the owner's data key"

    def to_bytes(self, value):
        return json.dumps(value, ensure_ascii=False, sort_keys=True).encode("utf-8")

    def from_bytes(self, data):
        return json.loads(data.decode("utf-8"))

    def formfield(self, **kwargs):
        return None
