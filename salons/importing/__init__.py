"""Bulk import of gathering places from a CSV file (and the columns the export shares)."""

from salons.importing.plan import ACTIONS, CHANGED, NEW, UNCHANGED, PlaceImport, RowPlan
from salons.importing.reading import COLUMNS, MAX_BYTES, MAX_ROWS, Problem

__all__ = [
    "ACTIONS",
    "CHANGED",
    "COLUMNS",
    "MAX_BYTES",
    "MAX_ROWS",
    "NEW",
    "UNCHANGED",
    "PlaceImport",
    "Problem",
    "RowPlan",
]
