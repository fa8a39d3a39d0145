"""Gathering places (サロン・通いの場) and their schedules."""

from .kinds import Kind
from .places import UPCOMING_HORIZON_DAYS, Salon, SalonAlias, SalonQuerySet
from .schedule import Schedule, ScheduleException, validate_months
from .visits import SalonVisit, SalonVisitQuerySet

__all__ = [
    "UPCOMING_HORIZON_DAYS",
    "Kind",
    "Salon",
    "SalonAlias",
    "SalonQuerySet",
    "SalonVisit",
    "SalonVisitQuerySet",
    "Schedule",
    "ScheduleException",
    "validate_months",
]
