from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CarenetConfig(AppConfig):
    name = "carenet"
    verbose_name = _("地域のネットワーク")
