from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CarenetConfig(AppConfig):
    name = "carenet"
    verbose_name = _("地域のネットワーク")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from carenet.middleware import stamp_sign_in

        user_logged_in.connect(stamp_sign_in, dispatch_uid="carenet-stamp-sign-in")
