from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    """Events and courses on a date (講座, 交流, 測定会 …), their sessions and sign-ups."""

    name = "carenet.events"
    label = "events"
    verbose_name = _("イベント・講座")
