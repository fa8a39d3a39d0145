"""The staff roles, as groups of model permissions: nobody needs a superuser for daily work.

Model permissions say what kind of work a role does; `carenet.directory.access` (the directory) and
`Consultation.objects.visible_to` (consultations) say where. `setup_demo` and the tests build
accounts with these same roles, and `python manage.py sync_roles` writes them in production.
"""

from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

ALL = ("add", "change", "delete", "view")
EDIT = ("add", "change", "view")
VIEW = ("view",)

CITY_DIRECTORY = [
    "carenet.contact",
    "carenet.area",
    "carenet.organisation",
    "carenet.venue",
    "carenet.network",
    "carenet.initiative",
    "carenet.resource",
    "salons.kind",
    "salons.salon",
    "salons.schedule",
    "salons.scheduleexception",
    "salons.organiser",
    "events.event",
    "events.session",
    "coordinators.coordinator",
]
# Kept by the code (renamed places' old addresses, QR visit counts, confirmations from the
# staff worklist): read, never edited.
RECORDS = ["salons.salonalias", "salons.salonvisit", "salons.placecheck"]
SHARED_REFERENCE = ["carenet.municipality", "carenet.memberkind", "consultations.topic"]
# 近トレ start-ups (under the consultations' rule) and the issue register (the directory rule).
# Nothing is deleted: a group is ended, an issue is set aside (見送り).
COMMUNITY_WORK = {
    "community.startupgroup": EDIT,
    "community.promisecheck": EDIT,
    "community.support": EDIT,
    "community.groupmeeting": EDIT,
    "community.issue": EDIT,
    "community.issuestep": ("change", "view"),  # written by a status change; wording corrected
    "community.evidence": ALL,
}


@dataclass(frozen=True)
class Role:
    name: str
    permissions: dict  # "app.model" -> actions, or "app.codename" -> None for a custom permission


def _grant(models, actions):
    return dict.fromkeys(models, actions)


ROLES = {
    # 市のスーパーバイザー・第1層: the whole city's consultations, its directory, exports.
    "city_supervisor": Role(
        _("市の職員（市全体）"),
        {
            **_grant(CITY_DIRECTORY, ALL),
            **_grant(RECORDS + SHARED_REFERENCE, VIEW),
            "salons.placereport": ("change", "view"),
            "events.application": ("add", "change", "view"),
            "consultations.export_consultation": None,
            **COMMUNITY_WORK,
            "community.meeting": ALL,
            # Residents' requests (開示・訂正・利用停止) and the access report: the city's, only.
            "privacy.rightsrequest": EDIT,
            "privacy.purgerecord": VIEW,
            "privacy.view_access_report": None,
        },
    ),
    # 地域福祉コーディネーター・第2層: their areas' consultations, places and initiatives.
    "area_coordinator": Role(
        _("地域の職員（担当地域）"),
        {
            **_grant(CITY_DIRECTORY, VIEW),
            **_grant(["salons.salon", "carenet.initiative"], EDIT),
            **_grant(["salons.schedule", "salons.scheduleexception"], ALL),
            "salons.placereport": ("change", "view"),  # residents' corrections: closed with a note
            "events.event": EDIT,
            "events.session": ALL,
            "events.application": ("add", "change", "view"),  # their areas' rosters
            **_grant(RECORDS + SHARED_REFERENCE, VIEW),
            **COMMUNITY_WORK,
            "community.meeting": EDIT,  # their areas' networks' meetings
        },
    ),
    # Central directory: every city's directory and the reference data cities share.
    "directory_admin": Role(
        _("名簿の管理（全市・共通データ）"),
        {
            **_grant(CITY_DIRECTORY, ALL),
            **_grant(RECORDS, VIEW),
            "salons.placereport": ("change", "view"),
            **_grant(["carenet.municipality", "carenet.memberkind"], ALL),
            "consultations.topic": EDIT,  # retired, never deleted
            "consultations.purposenotice": ("add", "view"),
            "carenet.edit_all_cities": None,
            "community.meeting": ALL,
            "community.issue": EDIT,
            "community.issuestep": ("change", "view"),
            "community.evidence": ALL,
        },
    ),
    # Staff accounts and their access; sees no consultation and no directory.
    "access_admin": Role(
        _("アカウント管理"),
        {
            "auth.user": EDIT,
            "auth.group": VIEW,
            "coordinators.staffprofile": ALL,
            "coordinators.accountevent": VIEW,
            "axes.accessattempt": ("view", "delete"),  # delete: lift a lockout
            "axes.accesslog": VIEW,
            "axes.accessfailurelog": VIEW,
        },
    ),
}


def _permissions(role):
    query = Q(pk__in=[])
    for key, actions in role.permissions.items():
        app_label, name = key.split(".")
        if actions is None:
            query |= Q(content_type__app_label=app_label, codename=name)
        else:
            codenames = [f"{action}_{name}" for action in actions]
            query |= Q(
                content_type__app_label=app_label,
                content_type__model=name,
                codename__in=codenames,
            )
    return Permission.objects.filter(query)


@transaction.atomic
def sync_roles():
    """Create or update every role's group with exactly its permissions; {key: Group}."""
    groups = {}
    for key, role in ROLES.items():
        group, _created = Group.objects.get_or_create(name=str(role.name))
        group.permissions.set(_permissions(role))
        groups[key] = group
    return groups


def role_group(key):
    """The group of one role, created with its permissions the first time it is asked for."""
    role = ROLES[key]
    group, created = Group.objects.get_or_create(name=str(role.name))
    if created:
        group.permissions.set(_permissions(role))
    return group
