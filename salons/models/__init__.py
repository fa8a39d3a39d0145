"""Gathering places (サロン・通いの場) and their schedules."""

from .checks import GAPS, STALE_AFTER_DAYS, CheckMethod, PlaceCheck
from .kinds import Kind
from .places import UPCOMING_HORIZON_DAYS, Salon, SalonAlias, SalonQuerySet
from .schedule import Schedule, ScheduleException, validate_months
from .visits import SalonVisit

__all__ = [
    "GAPS",
    "STALE_AFTER_DAYS",
    "UPCOMING_HORIZON_DAYS",
    "CheckMethod",
    "Kind",
    "PlaceCheck",
    "Salon",
    "SalonAlias",
    "SalonQuerySet",
    "SalonVisit",
    "Schedule",
    "ScheduleException",
    "validate_months",
]
