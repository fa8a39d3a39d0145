"""Cases closed at a chosen moment, as the workflow closes them, with what hangs off them."""

import datetime as dt

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from consultations.models import Consultation, ContactLog, Referral, Topic
from tests.conftest import make_consultation


def years_ago(years, days=0):
    """Noon, local time, `years` years and `days` days before today."""
    day = timezone.localdate() - relativedelta(years=years) - dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


def full_case(area="inokashira", name="保存 太郎", phone="0422-11-2233", **fields):
    """A case with a topic, a contact log and a referral, each with its history."""
    values = {"name_kana": "ほぞん たろう", "phone": phone, "summary": "介護のことで不安がある"}
    case = make_consultation(area, name=name, **{**values, **fields})
    case.topics.add(Topic.objects.order_by("pk").first())
    ContactLog.objects.create(
        consultation=case, method="phone", what_happened="娘さんに電話した", next_step="再訪"
    )
    Referral.objects.create(consultation=case, service="地域包括支援センター", outcome_note="済")
    return Consultation.objects.get(pk=case.pk)


def close_at(case, when, by):
    """Closes the case and moves its whole history back so that it was closed at `when`."""
    case.close(by=by, outcome="落ち着いた")
    history = Consultation.history.filter(id=case.pk)
    history.exclude(status=Consultation.Status.CLOSED).update(
        history_date=when - dt.timedelta(days=30)
    )
    history.filter(status=Consultation.Status.CLOSED).update(history_date=when)
    Consultation.objects.filter(pk=case.pk).update(
        received_at=when - dt.timedelta(days=30), updated_at=when
    )
    return Consultation.objects.get(pk=case.pk)
