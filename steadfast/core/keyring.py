"""Data keys: creating, finding, rotating and destroying them."""

from django.apps import apps
from django.db import IntegrityError, transaction
from django.db.models.signals import post_delete

from . import crypto
from .models import DataKey


def active_key(owner_id):
    """(data key id, key bytes) that new ciphertexts of `owner_id` are sealed with."""
    record = DataKey.objects.filter(owner_id=owner_id, is_active=True).first()
    if record is None:
        record = _create_key(owner_id)
    return record.pk, _unwrapped(record)


def _create_key(owner_id):
    key = crypto.new_data_key()
    master_id, wrapped = crypto.wrap_data_key(key, owner_id)
    try:
        with transaction.atomic():
            record = DataKey.objects.create(
                owner_id=owner_id, master_key_id=master_id, wrapped=wrapped
            )
    except IntegrityError:  # created by a concurrent request a moment ago
        return DataKey.objects.get(owner_id=owner_id, is_active=True)
    crypto.key_cache.put(record.pk, owner_id, key, wrapped)
    return record


def _unwrapped(record):
    key = crypto.key_cache.get_for(record.pk, record.owner_id, record.wrapped)
    if key is None:
        key = crypto.unwrap_data_key(record.master_key_id, record.wrapped, record.owner_id)
        crypto.key_cache.put(record.pk, record.owner_id, key, record.wrapped)
    return key


def warm(owner_ids):
    """Unwrap these owners' data keys in one query, so opening their sealed values later
    costs no query per owner (a page listing many people's records)."""
    for record in DataKey.objects.filter(owner_id__in=owner_ids):
        _unwrapped(record)


def key_by_id(data_key_id):
    """Key bytes for a data key id, or None if the key was destroyed."""
    cached = crypto.key_cache.get(data_key_id)
    if cached is not None:
        return cached[1]
    record = DataKey.objects.filter(pk=data_key_id).first()
    return None if record is None else _unwrapped(record)


def open_token(token, owner_id, purpose):
    """The plaintext bytes of a stored ciphertext of `owner_id`'s; None if its key was destroyed.

    DecryptionError if the ciphertext is malformed or tampered with, if it was sealed for
    another field, or if it was sealed with someone else's data key (a value copied from
    another person's row): a data key's owner is authenticated when it is unwrapped.
    """
    key_id, sealed = crypto.parse_token(token)
    cached = crypto.key_cache.get(key_id)
    if cached is not None and cached[0] == owner_id:
        try:
            return crypto.decrypt(key_id, cached[1], sealed, purpose)
        except crypto.DecryptionError:
            # Perhaps a stale entry (an id given again after a rollback): ask the database.
            crypto.key_cache.forget([key_id])
    record = DataKey.objects.filter(pk=key_id).first()
    if record is None:
        return None  # destroyed: the person was erased
    if record.owner_id != owner_id:
        raise crypto.DecryptionError("ciphertext sealed with another person's data key")
    return crypto.decrypt(key_id, _unwrapped(record), sealed, purpose)


def shred(owner_id):
    """Destroy every data key of a person. Their ciphertexts can never be opened again."""
    ids = list(DataKey.objects.filter(owner_id=owner_id).values_list("pk", flat=True))
    DataKey.objects.filter(pk__in=ids).delete()
    crypto.key_cache.forget(ids)
    return len(ids)


def _forget_deleted_key(sender, instance, **kwargs):
    # However a key row goes (a cascade from the user, the shell), this process forgets it.
    crypto.key_cache.forget([instance.pk])


post_delete.connect(_forget_deleted_key, sender=DataKey, dispatch_uid="steadfast.forget_key")


def encrypted_fields_by_model():
    """{model: [encrypted field, ...]} for every installed concrete model that has any."""
    from .fields import EncryptedField

    found = {}
    for model in apps.get_models():
        if model._meta.proxy:  # its rows are its concrete model's
            continue
        fields = [f for f in model._meta.concrete_fields if isinstance(f, EncryptedField)]
        if fields:
            found[model] = fields
    return found


def rewrap_all():
    """Re-wrap every data key under the current master key. Returns how many changed.

    After this, older master keys can be removed from STEADFAST_MASTER_KEYS. Raises
    DecryptionError, naming the key, if a data key's master key is not configured.
    """
    current = crypto.current_master_key_id()
    changed = 0
    # A list, not .iterator(): SQLite gives no isolation between a cursor still being read
    # and updates to the same table on the same connection.
    for record in list(DataKey.objects.exclude(master_key_id=current).order_by("pk")):
        try:
            key = crypto.unwrap_data_key(record.master_key_id, record.wrapped, record.owner_id)
        except crypto.DecryptionError as error:
            raise crypto.DecryptionError(f"data key {record.pk}: {error}") from error
        record.master_key_id, record.wrapped = crypto.wrap_data_key(key, record.owner_id)
        record.save(update_fields=["master_key_id", "wrapped"])
        changed += 1
    return changed


@transaction.atomic
def rotate_data_key(owner_id):
    """Give a person a new data key, re-seal all their values with it, destroy the old one."""
    old_ids = list(
        DataKey.objects.select_for_update().filter(owner_id=owner_id).values_list("pk", flat=True)
    )
    DataKey.objects.filter(pk__in=old_ids).update(is_active=False)
    _create_key(owner_id)
    resealed = 0
    for model, fields in encrypted_fields_by_model().items():
        owner_attnames = {f.owner_attname for f in fields}
        for owner_attname in owner_attnames:
            names = [f.name for f in fields if f.owner_attname == owner_attname]
            # The base manager: a default manager that hides rows would leave them sealed
            # with the old key, which is about to be destroyed.
            records = model._base_manager.filter(**{owner_attname: owner_id}).order_by("pk")
            for record in list(records):
                record.save(update_fields=names)
                resealed += 1
    DataKey.objects.filter(pk__in=old_ids).delete()
    crypto.key_cache.forget(old_ids)
    return resealed
