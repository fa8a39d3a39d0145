"""Gathering places (サロン・通いの場) and their schedules."""

from .checks import GAPS, STALE_AFTER_DAYS, CheckMethod, PlaceCheck
from .kinds import Kind
from .organisers import Organiser
from .places import UPCOMING_HORIZON_DAYS, Salon, SalonAlias, SalonQuerySet
from .reports import PlaceReport
from .schedule import Schedule, ScheduleException, validate_months
from .visits import SalonVisit

__all__ = [
    "GAPS",
    "STALE_AFTER_DAYS",
    "UPCOMING_HORIZON_DAYS",
    "CheckMethod",
    "Kind",
    "Organiser",
    "PlaceCheck",
    "PlaceReport",
    "Salon",
    "SalonAlias",
    "SalonQuerySet",
    "SalonVisit",
    "Schedule",
    "ScheduleException",
    "validate_months",
]
