"""The admin side of the one access rule (`Consultation.objects.visible_to`)."""

from consultations.models import Consultation
from coordinators.models import staff_profile_of


def can_see(user, consultation):
    return Consultation.objects.visible_to(user).filter(pk=consultation.pk).exists()


class ConsultationAccessMixin:
    """For admin classes of consultations and of the records that hang off one.

    `consultation_path` is the lookup from the admin's model to its consultation ("" for the
    consultation itself). Nothing can be deleted: a consultation is closed, never removed.
    """

    consultation_path = ""

    def visible_consultations(self, request):
        return Consultation.objects.visible_to(request.user)

    def get_queryset(self, request):
        lookup = f"{self.consultation_path}__in" if self.consultation_path else "pk__in"
        visible = self.visible_consultations(request).values("pk")
        return super().get_queryset(request).filter(**{lookup: visible})

    def consultation_of(self, obj):
        return getattr(obj, self.consultation_path) if self.consultation_path else obj

    def has_module_permission(self, request):
        return staff_profile_of(request.user) is not None

    def has_view_permission(self, request, obj=None):
        if staff_profile_of(request.user) is None:
            return False
        return obj is None or can_see(request.user, self.consultation_of(obj))

    def has_change_permission(self, request, obj=None):
        return self.has_view_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        return staff_profile_of(request.user) is not None

    def has_delete_permission(self, request, obj=None):
        return False
