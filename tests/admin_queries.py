"""Admin changelists run as many queries for 1,000 rows as for 10: the shared check.

Each test names a changelist, the demo role that works with it and a `add_rows(numbers)` that
makes those rows (visible to that role, with the related rows the list shows); this module
counts the queries of the page with 10 rows and with 1,000.
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

FEW, MANY = 10, 1000
MARK = "件数試験"  # in a name or label of every row made here, to find them on the page


def pick(options, number):
    """The first FEW rows share one related row; the rest spread over all of them.

    So a query per distinct related row (a filter's choices, say) shows, not only a query per row.
    """
    options = list(options)
    return options[0] if number < FEW else options[number % len(options)]


def changelist_url(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return len(queries), response


def assert_same_queries_for_few_and_many_rows(client, model, add_rows, shown=MARK):
    """`shown`: text that the new rows put on the page (a name, a label)."""
    url = changelist_url(model)
    add_rows(range(FEW))
    client.get(url)  # the first request of a session warms caches that are not about rows
    few, response = count_queries(client, url)
    listed = response.context_data["cl"].result_count
    assert listed >= FEW and shown in response.content.decode(), "the rows are not listed"
    add_rows(range(FEW, MANY))
    many, response = count_queries(client, url)
    assert response.context_data["cl"].result_count == listed + MANY - FEW
    assert shown in response.content.decode()
    assert few == many, f"{url}: {few} queries with {FEW} rows, {many} with {MANY}"
