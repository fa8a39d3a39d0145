"""Gathering places (サロン・通いの場) and their schedules."""

from .kinds import Kind
from .places import UPCOMING_HORIZON_DAYS, Salon, SalonAlias, SalonQuerySet
from .schedule import Schedule, ScheduleException, validate_months
from .visits import SalonVisit

__all__ = [
    "UPCOMING_HORIZON_DAYS",
    "Kind",
    "Salon",
    "SalonAlias",
    "SalonQuerySet",
    "SalonVisit",
    "Schedule",
    "ScheduleException",
    "validate_months",
]
