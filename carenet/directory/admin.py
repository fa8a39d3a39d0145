from django.contrib import admin
from django.db import models
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from carenet.directory import access
from carenet.directory.admin_base import (
    CityAreaFilter,
    CityFilter,
    DirectoryAdmin,
    DirectoryInlineMixin,
)
from carenet.directory.forms import VenueAdminForm
from carenet.directory.models import (
    Area,
    Contact,
    Initiative,
    MemberKind,
    Municipality,
    Network,
    Organisation,
    Resource,
    Venue,
)


class ContactInline(DirectoryInlineMixin, admin.StackedInline):
    model = Contact
    extra = 0
    autocomplete_fields = ["organisation"]


# Links typed without a scheme are taken as https (Django 6's default).
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


class ResourceInline(DirectoryInlineMixin, admin.StackedInline):
    model = Resource
    extra = 0
    formfield_overrides = HTTPS_URLS


@admin.register(Municipality)
class MunicipalityAdmin(DirectoryAdmin):
    list_display = ["name", "code", "prefecture", "slug", "takes_part", "order"]
    list_filter = ["takes_part", "prefecture"]
    search_fields = ["name", "name_kana", "code"]
    autocomplete_fields = ["places_contact"]
    inlines = [ContactInline, ResourceInline]


@admin.register(Contact)
class ContactAdmin(DirectoryAdmin):
    list_display = ["label", "municipality", "phone", "email", "is_help_line", "order"]
    list_filter = [("municipality", CityFilter), "is_help_line"]
    list_select_related = ["municipality"]
    search_fields = ["label", "phone", "email", "organisation__name"]
    autocomplete_fields = ["organisation"]


@admin.register(Area)
class AreaAdmin(DirectoryAdmin):
    central_only_fields = ["municipality"]

    def get_search_results(self, request, queryset, search_term):
        if request.resolver_match and request.resolver_match.url_name == "autocomplete":
            # Picking an area for a record: only the areas this person works in.
            queryset = access.areas_for(request.user, queryset)
        return super().get_search_results(request, queryset, search_term)

    list_display = ["name", "municipality", "kind", "parent_name", "slug", "order"]
    list_filter = [("municipality", CityFilter), "kind", ("parent", admin.EmptyFieldListFilter)]
    list_select_related = ["municipality", "parent"]
    search_fields = ["name", "name_kana", "slug"]

    @admin.display(description=_("含まれる圏域"), ordering="parent__name")
    def parent_name(self, area):
        # The parent is always in the same city (Area.clean): its name alone is enough.
        if area.parent_id:
            return area.parent.name
        return _("要確認") if area.kind == Area.Kind.COMMUNITY else "—"


@admin.register(Organisation)
class OrganisationAdmin(DirectoryAdmin):
    list_display = ["name", "municipality", "kind", "phone"]
    formfield_overrides = HTTPS_URLS
    list_filter = [("municipality", CityFilter), "kind"]
    list_select_related = ["municipality"]
    search_fields = ["name", "description"]


@admin.register(Venue)
class VenueAdmin(DirectoryAdmin):
    form = VenueAdminForm  # the point: typed, or picked on a map; both or neither, in Japan
    list_display = ["name", "municipality", "area", "address", "phone"]
    list_filter = [("municipality", CityFilter), ("area", CityAreaFilter)]
    list_select_related = ["municipality", "area__municipality"]  # an area is named with its city
    search_fields = ["name", "name_kana", "address"]
    autocomplete_fields = ["area"]
    fieldsets = [
        (None, {"fields": ["municipality", "area", "name", "name_kana"]}),
        (
            _("所在地・連絡先"),
            {"fields": ["postal_code", "address", "phone", "opening_hours", "access"]},
        ),
        (_("地図"), {"fields": ["latitude", "longitude"]}),
        (_("出典"), {"fields": ["source"]}),
    ]


@admin.register(MemberKind)
class MemberKindAdmin(DirectoryAdmin):
    list_display = ["name", "order"]
    search_fields = ["name"]


class SubcommitteeInline(DirectoryInlineMixin, admin.TabularInline):
    model = Network
    fk_name = "parent"
    fields = ["name", "kind", "layer", "order"]
    extra = 0
    verbose_name = _("分科会")
    verbose_name_plural = _("分科会")


@admin.register(Network)
class NetworkAdmin(DirectoryAdmin):
    list_display = ["name", "municipality", "kind", "area", "founded_label", "flyer_link", "order"]
    list_filter = [("municipality", CityFilter), "kind", "layer"]
    list_select_related = ["municipality", "area__municipality"]
    search_fields = ["name", "name_kana", "description"]
    autocomplete_fields = ["area", "parent", "base"]
    filter_horizontal = ["member_kinds"]
    inlines = [SubcommitteeInline]

    @admin.display(description=_("設立"))
    def founded_label(self, network):
        return network.founded_label

    @admin.display(description=_("チラシ"))
    def flyer_link(self, network):
        if not network.area_id:
            return "—"
        url = network.area.url_for("area-flyer")
        return format_html('<a href="{}" target="_blank">{}</a>', url, _("チラシを印刷"))


@admin.register(Initiative)
class InitiativeAdmin(DirectoryAdmin):
    list_display = ["name", "municipality", "kind", "area", "order"]
    list_filter = [("municipality", CityFilter), "kind"]
    list_select_related = ["municipality", "area__municipality"]
    search_fields = ["name", "summary", "description"]
    autocomplete_fields = ["area", "networks", "partners"]


@admin.register(Resource)
class ResourceAdmin(DirectoryAdmin):
    list_display = ["name", "municipality", "order"]
    list_filter = [("municipality", CityFilter)]
    formfield_overrides = HTTPS_URLS
    search_fields = ["name", "description"]
