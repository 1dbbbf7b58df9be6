"""``pk__one_of=[…]``: a long list of ids as one parameter.

A search hands its ranked ids (up to ``MAX_RANKED``, a thousand) to the next query: its facet
counts, and the ranking of a rare search's candidates. As ``pk__in``, each id is a parameter of
its own, and building and parsing a statement with a thousand placeholders costs the client more
(5 ms or more a query) than PostgreSQL takes to run it. ``one_of`` sends the list as one array,
``= ANY(%s)``, on PostgreSQL; elsewhere it is ``IN``, as before.

Hand it the ids as ``Ids(…)``: Django resolves a plain list's items one by one, as if each could
be an expression (a thousand calls a query), and psycopg dumps a list of numbers item by item;
``Ids`` is one value, sent as one array literal.
"""

from django.core.exceptions import EmptyResultSet
from django.db import models


class Ids:
    """Ids for ``pk__one_of``, held as one value (see above)."""

    __slots__ = ("values",)

    def __init__(self, ids):
        self.values = tuple(int(value) for value in ids)

    def __iter__(self):
        return iter(self.values)

    def __len__(self):
        return len(self.values)

    def __repr__(self):
        return f"Ids({list(self.values)!r})"


@models.BigAutoField.register_lookup
class OneOf(models.Lookup):
    lookup_name = "one_of"
    prepare_rhs = False

    def values(self):
        values = [int(value) for value in self.rhs]
        if not values:
            raise EmptyResultSet
        return values

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        literal = "{" + ",".join(map(str, self.values())) + "}"  # numbers only: values() made them ints
        return f"{lhs} = ANY(%s::bigint[])", [*lhs_params, literal]

    def as_sql(self, compiler, connection):
        values = self.values()
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} IN ({', '.join(['%s'] * len(values))})", [*lhs_params, *values]
