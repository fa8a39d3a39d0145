from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    """The networks' own work: 近トレ start-ups, council meetings and the issue register."""

    name = "carenet.community"
    label = "community"
    verbose_name = _("地域づくり（立ち上げ・協議・地域課題）")
