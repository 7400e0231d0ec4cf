"""Data keys: creating, finding, rotating and destroying them."""

from django.apps import apps
from django.db import IntegrityError, transaction

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
    crypto.key_cache.put(record.pk, owner_id, key)
    return record


def _unwrapped(record):
    cached = crypto.key_cache.get(record.pk)
    if cached is not None:
        return cached[1]
    key = crypto.unwrap_data_key(record.master_key_id, record.wrapped, record.owner_id)
    crypto.key_cache.put(record.pk, record.owner_id, key)
    return key


def key_by_id(data_key_id):
    """Key bytes for a data key id, or None if the key was destroyed."""
    cached = crypto.key_cache.get(data_key_id)
    if cached is not None:
        return cached[1]
    record = DataKey.objects.filter(pk=data_key_id).first()
    return None if record is None else _unwrapped(record)


def shred(owner_id):
    """Destroy every data key of a person. Their ciphertexts can never be opened again."""
    ids = list(DataKey.objects.filter(owner_id=owner_id).values_list("pk", flat=True))
    DataKey.objects.filter(pk__in=ids).delete()
    crypto.key_cache.forget(ids)
    return len(ids)


def encrypted_fields_by_model():
    """{model: [encrypted field, ...]} for every installed model that has any."""
    from .fields import EncryptedField

    found = {}
    for model in apps.get_models():
        fields = [f for f in model._meta.concrete_fields if isinstance(f, EncryptedField)]
        if fields:
            found[model] = fields
    return found


def rewrap_all():
    """Re-wrap every data key under the current master key. Returns how many changed.

    After this, older master keys can be removed from STEADFAST_MASTER_KEYS.
    """
    current = crypto.current_master_key_id()
    changed = 0
    for record in DataKey.objects.exclude(master_key_id=current).iterator():
        key = crypto.unwrap_data_key(record.master_key_id, record.wrapped, record.owner_id)
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
            for record in model._default_manager.filter(**{owner_attname: owner_id}).iterator():
                record.save(update_fields=names)
                resealed += 1
    DataKey.objects.filter(pk__in=old_ids).delete()
    crypto.key_cache.forget(old_ids)
    return resealed
