"""A leaner bulk insert for the big tables of the load data (check-ins, marks...).

`QuerySet.bulk_create` spends most of its time in per-row generic work: building a
model instance (with its init signals), dispatching on each value's field, and building
one long SQL statement per batch. For rows nobody needs the ids of, this does the same
conversions chosen once per column (encrypted values sealed by their field's own
`pre_save`, dates as the backend adapts them), then runs one prepared INSERT with
`executemany` (on PostgreSQL, a COPY). The database checks every constraint as usual.

Rows are either model instances or `Row`s: plain attributes made by `maker(model)`,
checked against the model's fields when made.
"""

from django.db import connection, models

from steadfast.core.fields import EncryptedField

BATCH_ROWS = 5000


class Row:
    """One row to insert: the values by attribute name, nothing else."""

    def __init__(self, values):
        self.__dict__ = values


def _columns(model):
    return [f for f in model._meta.concrete_fields if not f.primary_key]


def maker(model):
    """A function making `Row`s of `model` from keyword values: an unknown name raises
    TypeError, and a field left out takes its (non-callable) default."""
    fields = _columns(model)
    allowed = {f.attname for f in fields} | {f.name for f in fields if f.is_relation}
    defaults = {}
    for f in fields:
        if f.has_default() and not callable(f.default):
            defaults[f.attname] = f.default
        elif f.null:
            defaults[f.attname] = None

    def make(**values):
        unknown = values.keys() - allowed
        if unknown:
            raise TypeError(f"{model.__name__} has no field {sorted(unknown)}")
        return Row({**defaults, **values})

    return make


def _converter(field):
    """A function from a row to the value the database driver takes for `field`."""
    ops = connection.ops
    attname, name = field.attname, field.name
    if isinstance(field, EncryptedField):
        return lambda obj: field.pre_save(obj, True)
    if field.is_relation:
        # A parent given as an instance before it was saved: its id is known by now.
        def related_id(obj):
            value = getattr(obj, attname, None)
            if value is None:
                parent = getattr(obj, name, None)
                value = None if parent is None else parent.pk
            return value

        return related_id
    if isinstance(field, models.DateTimeField):
        return lambda obj: ops.adapt_datetimefield_value(field.pre_save(obj, True))
    if isinstance(field, models.DateField):
        return lambda obj: ops.adapt_datefield_value(field.pre_save(obj, True))
    if isinstance(field, models.UUIDField):
        if connection.features.has_native_uuid_field:
            return lambda obj: getattr(obj, attname)
        return lambda obj: None if (value := getattr(obj, attname)) is None else value.hex
    if type(field) in (
        models.BooleanField,
        models.CharField,
        models.FloatField,
        models.IntegerField,
        models.PositiveIntegerField,
        models.PositiveSmallIntegerField,
        models.TextField,
    ):
        return lambda obj: getattr(obj, attname)
    return lambda obj: field.get_db_prep_save(field.pre_save(obj, True), connection)


class Table:
    """INSERT for one model's rows, without reading ids back."""

    def __init__(self, model):
        fields = _columns(model)
        self.converters = [_converter(f) for f in fields]
        quote = connection.ops.quote_name
        columns = ", ".join(quote(f.column) for f in fields)
        marks = ", ".join(["%s"] * len(fields))
        # Only quoted table and column names go in the text; every value is a parameter.
        table = quote(model._meta.db_table)
        self.sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608  # nosec B608
        self.copy_sql = f"COPY {table} ({columns}) FROM STDIN"

    def insert(self, objs):
        converters = self.converters
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # COPY: PostgreSQL's own bulk load, many times faster than INSERTs.
                with cursor.cursor.copy(self.copy_sql) as copy:
                    for obj in objs:
                        copy.write_row([c(obj) for c in converters])
                return len(objs)
            for start in range(0, len(objs), BATCH_ROWS):
                batch = objs[start : start + BATCH_ROWS]
                cursor.executemany(self.sql, [[c(obj) for c in converters] for obj in batch])
        return len(objs)
