from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoordinatorsConfig(AppConfig):
    name = "coordinators"
    verbose_name = _("コーディネーター")

    def ready(self):
        from axes.signals import user_locked_out

        from coordinators.lockout import tell_supervisors

        user_locked_out.connect(tell_supervisors, dispatch_uid="carenet-lockout-mail")
