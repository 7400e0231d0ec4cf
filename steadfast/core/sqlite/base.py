"""Django's SQLite engine, with one change: a read-only request's transaction begins
DEFERRED instead of the configured mode, and a write inside one is checked
(steadfast/core/reads.py says why)."""

from django.db.backends.sqlite3 import base

from steadfast.core import reads


class DatabaseWrapper(base.DatabaseWrapper):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.execute_wrappers.append(self._guard_reads)

    def _start_transaction_under_autocommit(self):
        if reads.deferred():
            self.cursor().execute("BEGIN DEFERRED")
        else:
            super()._start_transaction_under_autocommit()

    def _guard_reads(self, execute, sql, params, many, context):
        if self.in_atomic_block and reads.deferred():
            reads.check_statement(sql)
        return execute(sql, params, many, context)
