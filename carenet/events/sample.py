"""Synthetic events that take sign-ups on this site, so the flow can be tried on a fresh clone.
Every one is flagged and named as sample; none is written to fixtures/."""

import datetime as dt
import uuid

from carenet.common.dates import local_today
from carenet.events.models import Application, Event, Session

SAMPLE_PREFIX = "【サンプル】"
TOPICS = [
    (Event.Kind.COURSE, "防災講座", "ぼうさいこうざ"),
    (Event.Kind.COURSE, "認知症サポーター養成講座", "にんちしょうさぽーたーようせいこうざ"),
    (Event.Kind.HEALTH, "はじめての体操教室（4回コース）", "はじめてのたいそうきょうしつ"),
    (Event.Kind.GATHERING, "多世代交流 昔遊びの会", "たせだいこうりゅう むかしあそびのかい"),
    (Event.Kind.BRIEFING, "近トレ スタート応援講座", "きんとれ すたーとおうえんこうざ"),
    (Event.Kind.MEASUREMENT, "体力測定会", "たいりょくそくていかい"),
]


def make(count, areas, rng):
    """Adds ``count`` events over ``areas``, each with one to four dates in the coming weeks."""
    if not count:
        return 0
    today = local_today()
    for number in range(1, count + 1):
        area = rng.choice(areas)
        # 近トレ is Tama's own programme.
        topics = [t for t in TOPICS if area.municipality.slug == "tama" or "近トレ" not in t[1]]
        kind, title, kana = rng.choice(topics)
        event = Event.objects.create(
            municipality=area.municipality,
            area=area,
            kind=kind,
            title=f"{SAMPLE_PREFIX}{title} {number}",
            title_kana=f"さんぷる {kana} {number}",
            slug=f"sample-event-{uuid.uuid4().hex[:12]}",
            summary="試験用の架空の催しです。実在しません。",
            place_name="サンプル会場（実在しません）",
            capacity=rng.choice([5, 10, 20, None]),
            fee=rng.choice(["無料", "100円"]),
            target="どなたでも",
            how_to_apply="このページの申込フォームから（サンプル）",
            takes_online_signups=True,
            apply_by=today + dt.timedelta(days=rng.randint(5, 20)),
            is_sample=True,
            source="make_sample_data",
        )
        first = today + dt.timedelta(days=rng.randint(7, 40))
        for week in range(4 if "4回" in title else 1):
            Session.objects.create(
                event=event,
                date=first + dt.timedelta(weeks=week),
                start_time=dt.time(rng.choice([10, 13, 14])),
                end_time=dt.time(rng.choice([11, 15, 16])),
            )
    return count


def clear():
    """Deletes every sample event with its sign-ups; returns how many events went."""
    events = Event.objects.filter(is_sample=True)
    Application.objects.filter(event__in=events).delete()
    return events.delete()[1].get("events.Event", 0)
