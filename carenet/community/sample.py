"""Synthetic 近トレ start-up groups for demos and load tests: every one is flagged and named as
sample, with weekly sessions for those already meeting."""

import datetime as dt

from carenet.common.dates import local_today
from carenet.community.models import GroupMeeting, StartupGroup
from salons.models import Kind

STAGES = [StartupGroup.Stage.INQUIRY, StartupGroup.Stage.PREPARING, StartupGroup.Stage.TRIAL]


def make(count, areas, rng):
    """`count` sample groups in the areas of cities that run 近トレ (Tama's)."""
    cities = set(Kind.objects.filter(slug=Kind.KINTORE).values_list("municipality", flat=True))
    areas = [area for area in areas if area.municipality_id in cities]
    if not count or not areas:
        return 0
    today = local_today()
    for number in range(count):
        area = rng.choice(areas)
        stage = rng.choice(STAGES)
        group = StartupGroup.objects.create(
            municipality=area.municipality,
            area=area,
            name=f"【サンプル】近トレ {number + 1}",
            representative="サンプル 代表",
            phone="000-0000-0000",
            people=rng.randint(3, 12),
            channel=rng.choice(StartupGroup.Channel.values),
            stage=stage,
            is_sample=True,
        )
        if stage == StartupGroup.Stage.TRIAL:
            weeks = rng.randint(1, 16)
            GroupMeeting.objects.bulk_create(
                GroupMeeting(
                    group=group,
                    date=today - dt.timedelta(weeks=week, days=rng.randint(0, 6)),
                    head_count=rng.randint(4, 15),
                )
                for week in range(1, weeks + 1)
                if rng.random() > 0.1
            )
    return count


def clear():
    return StartupGroup.objects.filter(is_sample=True).delete()[1].get("community.StartupGroup", 0)
