"""Synthetic consultations for load tests and demos: every one is flagged and named as sample.

A million are made in a few minutes: rows go straight to the database in batches
(carenet.directory.sample.Rows), each distinct sample text is encrypted once and each sample
person indexed once. These rows get no history row: simple-history writes one on each save(),
which is what took the time.
"""

import datetime as dt

from django.utils import timezone

from carenet.directory import sample as directory_sample
from consultations.models import Consultation, ContactLog, Referral, Topic
from coordinators.models import Coordinator, StaffProfile

# One family name that says "sample", and given names with a tail as real ones have: with four
# names a quarter of a million cases shared one, and a name search measured nothing real.
GIVEN_NAMES = [
    *(("一郎", "いちろう"), ("花子", "はなこ"), ("次郎", "じろう"), ("桜", "さくら")),
    *(("三郎", "さぶろう"), ("和子", "かずこ"), ("洋子", "ようこ"), ("幸子", "さちこ")),
    *(("節子", "せつこ"), ("弘", "ひろし"), ("茂", "しげる"), ("清", "きよし")),
    *(("勇", "いさむ"), ("実", "みのる"), ("進", "すすむ"), ("恵子", "けいこ")),
    *(("京子", "きょうこ"), ("久子", "ひさこ"), ("文子", "ふみこ"), ("正", "ただし")),
    *(("明", "あきら"), ("豊", "ゆたか"), ("修", "おさむ"), ("道子", "みちこ")),
    *(("悦子", "えつこ"), ("美代子", "みよこ"), ("千代", "ちよ"), ("隆", "たかし")),
    *(("武", "たけし"), ("光子", "みつこ"), ("春子", "はるこ"), ("健", "けん")),
]
SAMPLE_NAMES = [f"サンプル {name}" for name, _kana in GIVEN_NAMES]
SAMPLE_KANA = [f"さんぷる {kana}" for _name, kana in GIVEN_NAMES]
SAMPLE_REQUESTERS = ["サンプル 長男", "サンプル 長女", "サンプル 民生委員"]
SUMMARIES = [
    f"【サンプル】{text}（試験用の架空の相談です）"
    for text in (
        "一人暮らしの母の物忘れが増えてきた",
        "近所の方を最近見かけない",
        "体操の会に参加したいが場所が分からない",
        "買い物に行くのが難しくなってきた",
        "介護保険の申請の仕方を知りたい",
        "家族の介護で疲れている",
        "ごみ出しが難しくなった高齢の世帯がある",
        "通いの場を始めたい",
        "認知症カフェを紹介してほしい",
        "退院後の暮らしが心配",
    )
]
OUTCOMES = [
    f"【サンプル】{text}（架空）"
    for text in (
        "地域包括支援センターにつないだ",
        "近くの通いの場を紹介した",
        "見守りを続けて落ち着いた",
        "ご家族と話して解決した",
    )
]
YEARS = 5
BATCH = 5000
# Weights of each status by how old a case is: most old ones are closed (終結).
STATUS_BY_AGE = [
    (30, {"received": 30, "in_progress": 35, "referred": 15, "monitoring": 5, "closed": 15}),
    (180, {"received": 3, "in_progress": 12, "referred": 10, "monitoring": 15, "closed": 60}),
    (None, {"received": 0, "in_progress": 1, "referred": 2, "monitoring": 5, "closed": 92}),
]
CHANNEL_WEIGHTS = {
    "phone": 45,
    "office": 20,
    "home_visit": 15,
    "email": 5,
    "salon": 10,
    "web": 5,
}
REQUESTER_WEIGHTS = {"self": 35, "family": 35, "friend": 5, "neighbour": 10, "agency": 15}
AGE_WEIGHTS = {"": 10, "40_59": 4, "60_64": 4, "65_74": 25, "75_plus": 57}
HOUSEHOLD_WEIGHTS = {"": 15, "alone": 35, "couple": 25, "family": 22, "other": 3}


def served_areas():
    """The real areas of the cities whose staff use the site: sample cases go only there (a
    sample area made for the national spread has nobody to read them)."""
    cities = {
        *Coordinator.objects.values_list("municipality", flat=True),
        *StaffProfile.objects.values_list("municipality", flat=True),
    }
    return list(
        directory_sample.real_areas()
        .filter(municipality__in=cities)
        .select_related("municipality")
        .order_by("pk")
    )


COLUMNS = [
    *("municipality_id", "area_id", "requester", "requester_name", "name", "name_kana"),
    *("person_index", "age_band", "household", "channel", "received_at", "summary", "status"),
    *("urgent", "follow_up_on", "outcome", "is_sample"),
]


def make(count, areas, rng, progress=None):
    """Adds ``count`` sample consultations over ``areas``, spread over the last five years,
    each with one or two topics."""
    if not count:
        return 0
    rows = directory_sample.Rows(Consultation, COLUMNS)
    through = Consultation.topics.through
    links = directory_sample.Rows(through, ["consultation_id", "topic_id"])
    topics = list(Topic.objects.values_list("pk", flat=True))
    # Each distinct text encrypted once: any valid token decrypts, so rows may share one.
    people = _people(rows)
    summaries = [rows.db_value("summary", text) for text in SUMMARIES]
    outcomes = [rows.db_value("outcome", text) for text in OUTCOMES]
    empty = rows.db_value("outcome", "")
    now = timezone.now()
    today = timezone.localdate()
    follow_ups = [
        rows.db_value("follow_up_on", today + dt.timedelta(days=days)) for days in range(-14, 31)
    ]
    statuses = [(days, list(weights), list(weights.values())) for days, weights in STATUS_BY_AGE]
    picks = {
        name: (list(weights), list(weights.values()))
        for name, weights in {
            "channel": CHANNEL_WEIGHTS,
            "requester": REQUESTER_WEIGHTS,
            "age_band": AGE_WEIGHTS,
            "household": HOUSEHOLD_WEIGHTS,
        }.items()
    }

    def pick(name):
        return rng.choices(*picks[name])[0]

    def consultation(pk):
        area = rng.choice(areas)
        # Somewhat more of late: the service grows.
        age = dt.timedelta(days=YEARS * 365 * rng.random() ** 1.3, minutes=rng.randint(0, 600))
        status = next(
            rng.choices(names, weights)[0]
            for days, names, weights in statuses
            if days is None or age.days < days
        )
        requester = pick("requester")
        named, anonymous = people[requester in ("family", "neighbour")]
        person = rng.choice(anonymous if rng.random() < 0.3 else named)
        closed = status == Consultation.Status.CLOSED
        return (
            *(pk, area.municipality_id, area.pk, requester, person["requester"], person["name"]),
            *(person["name_kana"], person["index"], pick("age_band"), pick("household")),
            *(pick("channel"), rows.db_value("received_at", now - age), rng.choice(summaries)),
            *(status, rng.random() < 0.015, None if closed else rng.choice(follow_ups)),
            *(rng.choice(outcomes) if closed else empty, True),
        )

    made = 0
    while size := min(BATCH, count - made):
        ids = rows.reserve_ids(size)
        rows.write([consultation(pk) for pk in ids])
        if topics:
            picked = [
                (pk, topic)
                for pk in ids
                for topic in rng.sample(topics, min(len(topics), 1 if rng.random() < 0.75 else 2))
            ]
            link_ids = links.reserve_ids(len(picked))
            links.write([(pk, *pair) for pk, pair in zip(link_ids, picked, strict=True)])
        made += size
        if progress:
            progress(made, count)
    return made


def clear():
    """Delete sample consultations that nobody has opened; (deleted, kept).

    The access trail is never deleted, so a sample case that staff have opened (or that a
    rights request or an erasure record names) stays. Their contact logs, referrals and topic
    links go with them, in bulk.
    """
    samples = Consultation.objects.filter(is_sample=True)
    unread = directory_sample.unprotected(samples, along=(ContactLog, Referral))
    gone = directory_sample.delete_in_bulk(unread, along=(ContactLog, Referral))
    return gone, samples.count()


def _people(rows):
    """The sample people, their fields encrypted and their index made once each, by whether a
    requester is named: {with requester: (named, anonymous)}."""

    def person(name, kana, requester):
        case = Consultation(name=name, name_kana=kana, requester_name=requester)
        case.index_person()
        return {
            "name": rows.db_value("name", name),
            "name_kana": rows.db_value("name_kana", kana),
            "requester": rows.db_value("requester_name", requester),
            "index": case.person_index,
        }

    return {
        with_requester: (
            [
                person(name, kana, SAMPLE_REQUESTERS[number % 3] if with_requester else "")
                for number, (name, kana) in enumerate(zip(SAMPLE_NAMES, SAMPLE_KANA, strict=True))
            ],
            [
                person("", "", requester if with_requester else "")
                for requester in SAMPLE_REQUESTERS
            ],
        )
        for with_requester in (True, False)
    }
