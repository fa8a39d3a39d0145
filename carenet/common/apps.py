from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    """Installed only for its template tags (``{% load carenet_tags %}``); it has no models."""

    name = "carenet.common"
    label = "common"
    verbose_name = _("共通")
