"""Events and courses: what happens on a date, its sessions, and residents' sign-ups."""

from .applications import Application, ApplicationQuerySet
from .events import Event, EventQuerySet, Session

__all__ = ["Application", "ApplicationQuerySet", "Event", "EventQuerySet", "Session"]
