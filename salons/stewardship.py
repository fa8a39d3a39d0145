"""Who keeps a place's dates: its 世話人, and the staff who may edit it under the directory rule."""

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Q

from carenet.directory.access import editable
from salons.models import PlaceReport, Salon


def organiser_of(user):
    """The 世話人 record of an active signed-in account, or None."""
    if not (user.is_authenticated and user.is_active):
        return None
    try:
        return user.organiser
    except (ObjectDoesNotExist, AttributeError):
        return None


def places_kept_by(user):
    """Places whose cancellations, extra dates and schedule this user may change outside the
    admin: an organiser's own places (in its own city), and what staff may edit anyway. Ended
    places are left out."""
    mine = Q(pk__in=[])
    organiser = organiser_of(user)
    if organiser is not None:
        mine |= Q(organisers=organiser, municipality_id=organiser.municipality_id)
    if user.is_authenticated and user.has_perm("salons.change_scheduleexception"):
        mine |= Q(pk__in=editable(user, Salon.objects.all()).values("pk"))
    return Salon.objects.filter(mine).exclude(status=Salon.Status.ENDED).distinct()


def open_reports_for(user):
    """Residents' corrections waiting for this member of staff: their areas' (or city's)."""
    if not user.has_perm("salons.change_placereport"):
        return PlaceReport.objects.none()
    return editable(user, PlaceReport.objects.open()).select_related("salon__area")
