"""The one directory rule: which rows of the directory a member of staff may see and edit.

Written once, like `Consultation.objects.visible_to`, and used by every directory admin (lists,
forms, foreign-key choices, autocomplete, actions, flyer batches). Each directory model says
where its city and its area are with a `DirectoryScope`:

- a central directory role (permission ``carenet.edit_all_cities``) sees and edits every city;
- a city's staff see their city's rows and the reference data that all cities share;
- whole-city staff (supervisors, 第1層) edit what belongs to their city, where `city_edits` allows;
- area staff edit the rows of their own areas (and of the districts those hold) of the models
  that name an `area` path (places, schedules, cancellations, initiatives), and nothing else;
- shared reference data (`city=None`) is edited by the central role only.

Deny by default: a user without a staff profile or the central permission sees nothing.
"""

from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Q

CENTRAL_PERMISSION = "carenet.edit_all_cities"


@dataclass(frozen=True)
class DirectoryScope:
    city: str | None = "municipality"  # lookup to the Municipality's pk; None = shared by cities
    area: str | None = None  # lookup to the Area's pk, for models that area staff edit
    city_edits: bool = True  # False: only the central role edits (a city's own record)
    shared_when_empty: bool = False  # rows whose city is empty are shared reference data


def staff_profile_of(user):
    """The staff profile (city and areas) of an active staff user, or None."""
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return None
    try:
        return user.staff_profile
    except (ObjectDoesNotExist, AttributeError):
        return None


def is_central(user):
    return bool(user.is_active and user.is_staff and user.has_perm(CENTRAL_PERMISSION))


def scope_of(model):
    return getattr(model, "directory_scope", None)


def _city_q(scope, city_id):
    return Q(**{scope.city: city_id})


def viewable(user, queryset):
    """Rows the user may see in the admin (and pick as a foreign key)."""
    scope = scope_of(queryset.model)
    if scope is None:
        return queryset.none()
    if is_central(user):
        return queryset
    profile = staff_profile_of(user)
    if profile is None:
        return queryset.none()
    if scope.city is None:
        return queryset
    mine = _city_q(scope, profile.municipality_id)
    if scope.shared_when_empty:
        mine |= Q(**{f"{scope.city}__isnull": True})
    return queryset.filter(mine)


EVERYWHERE = "everywhere"


def own_areas(profile):
    """The areas of area staff: those in their profile, and the districts those hold (a Tama
    圏域's coordinator keeps its committee districts too)."""
    mine = profile.areas.all()
    return profile.areas.model.objects.filter(Q(pk__in=mine) | Q(parent__in=mine))


def _editor(user, scope):
    """EVERYWHERE (central role), the profile of city staff who may edit such rows, or None."""
    if scope is None:
        return None
    if is_central(user):
        return EVERYWHERE
    profile = staff_profile_of(user)
    if profile is None or scope.city is None or not scope.city_edits:
        return None
    if not profile.sees_whole_city and scope.area is None:
        return None  # area staff edit only what has an area
    return profile


def editable(user, queryset):
    """Rows the user may change or delete."""
    scope = scope_of(queryset.model)
    editor = _editor(user, scope)
    if editor in (None, EVERYWHERE):
        return queryset if editor else queryset.none()
    mine = queryset.filter(_city_q(scope, editor.municipality_id))
    if editor.sees_whole_city:
        return mine
    return mine.filter(**{f"{scope.area}__in": own_areas(editor).values("pk")})


def _value(obj, path):
    """The pk at the end of a lookup path, read from an unsaved or saved instance."""
    *hops, last = path.split("__")
    for hop in hops:
        obj = getattr(obj, hop, None)
        if obj is None:
            return None
    if last == "pk":
        return obj.pk
    return getattr(obj, f"{last}_id", getattr(obj, last, None))


def can_edit(user, obj):
    """The same rule for one instance as it stands in memory (after a form has changed it)."""
    scope = scope_of(type(obj))
    editor = _editor(user, scope)
    if editor in (None, EVERYWHERE):
        return bool(editor)
    if _value(obj, scope.city) != editor.municipality_id:
        return False
    return editor.sees_whole_city or own_areas(editor).filter(pk=_value(obj, scope.area)).exists()


def can_add(user, model):
    """Whether the user may create rows of this model at all (the form limits where)."""
    return _editor(user, scope_of(model)) is not None


def areas_for(user, queryset):
    """The areas a user may put a row into: their own areas, or their whole city."""
    if is_central(user):
        return queryset
    profile = staff_profile_of(user)
    if profile is None:
        return queryset.none()
    mine = queryset.filter(municipality_id=profile.municipality_id)
    return mine if profile.sees_whole_city else mine.filter(pk__in=own_areas(profile).values("pk"))
