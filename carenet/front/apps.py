from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FrontConfig(AppConfig):
    """The site layer: the pages that compose several apps, and the project-wide commands."""

    name = "carenet.front"
    label = "front"
    verbose_name = _("サイト")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from carenet.middleware import stamp_sign_in

        user_logged_in.connect(stamp_sign_in, dispatch_uid="carenet-stamp-sign-in")
