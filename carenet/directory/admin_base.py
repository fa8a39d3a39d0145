"""The admin side of the one directory rule (`carenet.directory.access`)."""

from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from carenet.directory import access
from carenet.directory.models import Area, Municipality


class FindsPeopleMixin:
    """The search box also finds a person by name or phone, which are encrypted: through the
    model's keyed index (``matching_name``), whole words, besides the plain ``search_fields``."""

    def get_search_results(self, request, queryset, search_term):
        found, duplicates = super().get_search_results(request, queryset, search_term)
        if not search_term.split():
            return found, duplicates
        return found | queryset.matching_name(search_term), duplicates


class SafeAutocompleteMixin:
    """Redraws a form that came back with a non-number id as empty, instead of a server error."""

    def optgroups(self, name, value, attr=None):
        try:
            return super().optgroups(name, value, attr)
        except (ValueError, ValidationError):
            return super().optgroups(name, [], attr)


class SafeAutocompleteSelect(SafeAutocompleteMixin, AutocompleteSelect):
    pass


class SafeAutocompleteSelectMultiple(SafeAutocompleteMixin, AutocompleteSelectMultiple):
    pass


class ScopedChoicesMixin:
    """Foreign keys and many-to-many fields offer, and accept, only rows the user may use.

    Shared by directory admins and by the consultation admins: an area field offers the user's
    own areas, a directory field the rows of the user's city.
    """

    def _scoped_choices(self, db_field, request):
        from carenet.directory.models import Area

        related = db_field.related_model
        if related is Area:
            return access.areas_for(request.user, Area.objects.all())
        if access.scope_of(related) is not None:
            return access.viewable(request.user, related._default_manager.all())
        return None

    def _scoped_kwargs(self, db_field, request, kwargs, widget):
        if "queryset" not in kwargs:
            queryset = self._scoped_choices(db_field, request)
            if queryset is not None:
                kwargs["queryset"] = queryset
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = widget(db_field, self.admin_site, using=kwargs.get("using"))
        return kwargs

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs = self._scoped_kwargs(db_field, request, kwargs, SafeAutocompleteSelect)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs = self._scoped_kwargs(db_field, request, kwargs, SafeAutocompleteSelectMultiple)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class EditableRowsMixin:
    """Model permissions say what kind of work; `access.can_edit` says on which rows.

    In a ModelAdmin `obj` is the row itself; in an inline it is the parent row.
    """

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or access.can_edit(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or access.can_edit(request.user, obj))


class DirectoryAdmin(EditableRowsMixin, ScopedChoicesMixin, SimpleHistoryAdmin):
    """Every directory admin: model permissions say what kind of work, the rule says where."""

    # Fields that only the central role may change (a city's own record, an area's city).
    central_only_fields = ()

    def get_queryset(self, request):
        return access.viewable(request.user, super().get_queryset(request))

    def has_add_permission(self, request, *args):
        return super().has_add_permission(request, *args) and access.can_add(
            request.user, self.model
        )

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and not access.is_central(request.user):
            fields += [f for f in self.central_only_fields if f not in fields]
        return fields

    def save_model(self, request, obj, form, change):
        # Checked again on the changed instance: a form must not carry a row out of reach.
        if not access.can_edit(request.user, obj):
            raise PermissionDenied(_("この市・地域の情報は編集できません。"))
        super().save_model(request, obj, form, change)

    def delete_model(self, request, obj):
        if not access.can_edit(request.user, obj):
            raise PermissionDenied
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        if queryset.exclude(pk__in=access.editable(request.user, queryset).values("pk")).exists():
            raise PermissionDenied
        super().delete_queryset(request, queryset)


class DirectoryInlineMixin(EditableRowsMixin, ScopedChoicesMixin):
    """Inlines of a directory record: editable where their parent is."""

    def has_add_permission(self, request, obj=None):
        allowed = super().has_add_permission(request, obj)
        return allowed and (obj is None or access.can_edit(request.user, obj))


def _chosen_ids(values):
    return [value for value in values or () if str(value).isdecimal()]


def offered_cities(request, chosen=()):
    """The cities a list filter offers: the user's own; for the central role, the cities that
    take part and any chosen. Django offered every municipality, 1,741 links at national scale."""
    profile = access.staff_profile_of(request.user)
    if profile is not None and not access.is_central(request.user):
        return Municipality.objects.filter(pk=profile.municipality_id)
    chosen_cities = Municipality.objects.filter(pk__in=_chosen_ids(chosen))
    return Municipality.objects.taking_part() | chosen_cities


class ChoicesFromTheirTable(admin.RelatedFieldListFilter):
    """A related filter offering the rows of the small table it points at, as the user may
    see them. Django's own filters gathered their choices from every row of the list (a DISTINCT
    over a million cases) or offered the whole table (1,741 municipalities); this costs one
    small query whatever the list."""

    def choices_for(self, request):
        raise NotImplementedError

    def field_choices(self, field, request, model_admin):
        return [(row.pk, str(row)) for row in self.choices_for(request)]


class CityFilter(ChoicesFromTheirTable):
    def choices_for(self, request):
        return offered_cities(request, self.lookup_val)


class CityAreaFilter(ChoicesFromTheirTable):
    """The areas of the cities offered (and any chosen): not the 3,800 areas of the country."""

    def choices_for(self, request):
        return Area.objects.filter(
            Q(municipality__in=offered_cities(request)) | Q(pk__in=_chosen_ids(self.lookup_val))
        ).select_related("municipality")
