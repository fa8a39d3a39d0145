"""Municipalities, their areas, care networks and councils, organisations, venues and initiatives.

A city is data, never a branch in code: Mitaka's コミュニティ住区 and Tama's 日常生活圏域 are both
``Area`` rows, and a ケアネット, a 地域福祉推進委員会 and まるっと協議体 are all ``Network`` rows.
"""

from .cities import Area, AreaQuerySet, Contact, ContactQuerySet, Municipality
from .networks import (
    Initiative,
    InitiativeQuerySet,
    MemberKind,
    Network,
    NetworkQuerySet,
    Resource,
)
from .organisations import Organisation, Venue

__all__ = [
    "Area",
    "AreaQuerySet",
    "Contact",
    "ContactQuerySet",
    "Initiative",
    "InitiativeQuerySet",
    "MemberKind",
    "Municipality",
    "Network",
    "NetworkQuerySet",
    "Organisation",
    "Resource",
    "Venue",
]
