"""Start-up groups and issues for the community tests."""

import datetime as dt

from carenet.community.models import GroupMeeting, Issue, StartupGroup
from carenet.directory.models import Area


def make_group(area_slug="atago-kotta-kaitori", **fields):
    area = Area.objects.select_related("municipality").get(slug=area_slug)
    values = {
        "municipality": area.municipality,
        "area": area,
        "representative": "愛宕 みどり",
        "phone": "042-000-0000",
        "people": 5,
        "channel": StartupGroup.Channel.WEB,
    }
    values.update(fields)
    return StartupGroup.objects.create(**values)


def log_weeks(group, first_day, weeks, head_count=8, skip=()):
    """One session a week for `weeks` weeks from first_day, except the week numbers in skip."""
    GroupMeeting.objects.bulk_create(
        GroupMeeting(group=group, date=first_day + dt.timedelta(weeks=n), head_count=head_count)
        for n in range(weeks)
        if n not in skip
    )


def make_issue(area_slug="atago-kotta-kaitori", slug="test-issue", **fields):
    area = Area.objects.select_related("municipality").get(slug=area_slug) if area_slug else None
    values = {
        "municipality": area.municipality if area else fields.pop("municipality"),
        "area": area,
        "slug": slug,
        "title": "テストの課題",
        "observed": "テスト用に見えていること。",
    }
    values.update(fields)
    return Issue.objects.create(**values)
