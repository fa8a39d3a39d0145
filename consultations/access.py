"""The admin side of the one access rule (`Consultation.objects.visible_to`)."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from carenet.directory.admin_base import ScopedChoicesMixin
from consultations.models import Consultation
from coordinators.models import staff_profile_of


def can_see(user, consultation):
    return Consultation.objects.visible_to(user).filter(pk=consultation.pk).exists()


class VisibleChoicesMixin(ScopedChoicesMixin):
    """A consultation field offers, and accepts, only consultations the user may see."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is Consultation:
            kwargs["queryset"] = Consultation.objects.visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ConsultationAccessMixin(VisibleChoicesMixin):
    """For admin classes of consultations and of the records that hang off one.

    `consultation_path` is the lookup from the admin's model to its consultation ("" for the
    consultation itself). Nothing can be deleted: a consultation is closed, never removed.
    """

    consultation_path = ""

    def visible_consultations(self, request):
        return Consultation.objects.visible_to(request.user)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if not self.consultation_path:
            # The rule on the list itself: an `id IN (subquery)` made every count and filter of
            # a large table several times slower.
            return queryset.visible_to(request.user)
        visible = self.visible_consultations(request).values("pk")
        return queryset.filter(**{f"{self.consultation_path}__in": visible})

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

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and self.consultation_path:
            # A record stays with the case it was written for: no re-parenting.
            fields.append(self.consultation_path)
        return fields

    def save_model(self, request, obj, form, change):
        # Checked on the saved values, whatever the form offered.
        if self.consultation_path and not can_see(request.user, self.consultation_of(obj)):
            raise PermissionDenied(_("この相談には記録を追加できません。"))
        super().save_model(request, obj, form, change)


class ConsultationInlineMixin(VisibleChoicesMixin):
    """Contact logs and referrals on a case's page: for whoever may work on the case."""

    can_delete = False

    def _allowed(self, request, obj):
        if staff_profile_of(request.user) is None:
            return False
        return obj is None or can_see(request.user, obj)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request, obj)

    def has_add_permission(self, request, obj=None):
        return self._allowed(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._allowed(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False
