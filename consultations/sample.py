"""Synthetic consultations for load tests and demos: every one is flagged and named as sample."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from consultations.models import Consultation, ContactLog, Referral, Topic

SAMPLE_NAMES = ["サンプル 一郎", "サンプル 花子", "サンプル 次郎", "サンプル 桜"]
SAMPLE_KANA = ["さんぷる いちろう", "さんぷる はなこ", "さんぷる じろう", "さんぷる さくら"]


def make(count, areas, rng):
    if not count:
        return 0
    topics = list(Topic.objects.all())
    now = timezone.now()
    made = []
    for number in range(count):
        area = rng.choice(areas)
        anonymous = rng.random() < 0.3
        pick = rng.randrange(len(SAMPLE_NAMES))
        made.append(
            Consultation(
                municipality=area.municipality,
                area=area,
                requester=rng.choice(Consultation.Requester.values),
                name="" if anonymous else SAMPLE_NAMES[pick],
                name_kana="" if anonymous else SAMPLE_KANA[pick],
                channel=rng.choice(Consultation.Channel.values),
                received_at=now
                - dt.timedelta(days=rng.randint(0, 500), minutes=rng.randint(0, 600)),
                summary=f"【サンプル】試験用の架空の相談です（{number + 1}）。",
                status=rng.choice(Consultation.Status.values),
                urgent=rng.random() < 0.05,
                follow_up_on=timezone.localdate() + dt.timedelta(days=rng.randint(-10, 20)),
                is_sample=True,
            )
        )
    with transaction.atomic():
        for consultation in made:
            consultation.save()  # save(): the folded search key and the history row
        through = Consultation.topics.through
        through.objects.bulk_create(
            through(consultation_id=c.pk, topic_id=rng.choice(topics).pk) for c in made if topics
        )
    return len(made)


def clear():
    """Delete sample consultations that nobody has opened; (deleted, kept).

    The access trail is never deleted, so a sample case that staff have opened stays.
    """
    samples = Consultation.objects.filter(is_sample=True)
    kept = samples.filter(access_logs__isnull=False).distinct().count()
    unread = samples.filter(access_logs__isnull=True)
    with transaction.atomic():
        for model in (ContactLog, Referral):
            model.objects.filter(consultation__in=unread).delete()
        Consultation.topics.through.objects.filter(consultation__in=unread).delete()
        gone = unread.delete()[1].get("consultations.Consultation", 0)
    return gone, kept
