"""The share of the database a search may take, so that a flood of searches cannot starve the other
pages: at most ``SEARCH_CONCURRENCY`` searches at once across every process, each statement at most
``SEARCH_STATEMENT_TIMEOUT_MS``. PostgreSQL only (one query: a transaction-scoped advisory lock among
N slots, and a transaction-scoped ``statement_timeout``); on SQLite, the embedded default of one
machine, the block adds nothing.

    with search_budget() as granted:
        if not granted: ...  # every slot is taken: answer "busy"
        ...                  # the search; a statement over the limit raises SearchTooSlow
"""

from contextlib import contextmanager

from django.conf import settings
from django.db import OperationalError, connection, transaction

ADVISORY_KEY = 0x5EA2C4  # the advisory-lock namespace of search slots


class SearchTooSlow(Exception):
    """A statement of the search ran past ``SEARCH_STATEMENT_TIMEOUT_MS``."""


def _cancelled(error):
    return getattr(error.__cause__, "sqlstate", None) == "57014"  # query_canceled


@contextmanager
def search_budget():
    if connection.vendor != "postgresql":
        yield True
        return
    outer_transaction = connection.in_atomic_block
    # No savepoint (two more queries): after an error the caller's block can only roll back.
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('statement_timeout'), set_config('statement_timeout', %s, true),"
            " (SELECT slot FROM generate_series(1, %s) AS slot WHERE pg_try_advisory_xact_lock(%s, slot) LIMIT 1)",
            [f"{settings.SEARCH_STATEMENT_TIMEOUT_MS}ms", settings.SEARCH_CONCURRENCY, ADVISORY_KEY],
        )
        earlier, _now, slot = cursor.fetchone()
        try:
            yield slot is not None
        except OperationalError as error:
            if _cancelled(error):
                raise SearchTooSlow from error
            raise
        if outer_transaction:  # inside a caller's transaction (the tests'): put the limit back
            cursor.execute("SELECT set_config('statement_timeout', %s, true)", [earlier])
