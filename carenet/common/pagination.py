"""Lists that count what a person can page through, not every match in the country."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property


class CappedPaginator(Paginator):
    """Counts at most ``cap`` rows: a count stops there instead of reading every match.

    A search for a common word nationwide matches tens of thousands of places, more than anyone
    pages through; ``over_cap`` tells the list to say so and ask for a narrower search.
    """

    cap = 1000

    @cached_property
    def found(self):
        """How many rows match, up to cap + 1 (a LIMIT inside the count, the order dropped)."""
        return self.object_list.order_by()[: self.cap + 1].count()

    @cached_property
    def count(self):
        return min(self.found, self.cap)

    @property
    def over_cap(self):
        return self.found > self.cap
