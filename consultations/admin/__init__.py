"""Consultations in the Django admin, one module per group (imported here so that they register)."""

from consultations.admin import cases, export, records

__all__ = ["cases", "export", "records"]
