"""Consultation records (相談). 要配慮個人情報: every read goes through `visible_to`."""

from .access_log import AccessLog
from .cases import Consultation, ConsultationQuerySet, InvalidTransition, StaleEdit
from .records import ContactLog, Referral
from .topics import PurposeNotice, Topic, refuse_topic_deletion

__all__ = [
    "AccessLog",
    "Consultation",
    "ConsultationQuerySet",
    "ContactLog",
    "InvalidTransition",
    "PurposeNotice",
    "Referral",
    "StaleEdit",
    "Topic",
    "refuse_topic_deletion",
]
