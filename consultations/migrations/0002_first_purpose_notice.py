"""The first purpose notice (利用目的の通知), for production: residents cannot consent without one.

A production install runs `migrate` and never loads the seed, so this stays the way its first
notice arrives (and it has been applied everywhere already). Development and the tests get the
same notice from the seed (fixtures/consultations.json, loaded by setup_demo's SEED_FIXTURES);
tests/consultations/test_purpose_notice.py checks the two agree. A later version of the notice is
added in the admin (directory_admin role), never by editing this text.
"""

import datetime

from django.db import migrations

TEXT = """ご相談のために伺った氏名・連絡先・ご相談の内容は、ご相談への対応（ご連絡、必要な制度・サービスや地域の団体のご紹介、関係機関との連携）と、個人が分からない形にした件数の集計にだけ使います。
ご相談の内容には、健康や家族のことなど配慮が必要な情報が含まれることがあります。担当地域のコーディネーターと、その監督者だけが見られるようにし、誰がいつ見たかを記録します。
ご本人の同意なく、ほかの目的に使ったり、第三者に渡したりすることはありません（法令に基づく場合や、命に関わる緊急の場合を除きます）。
お名前を出さずにご相談いただくこともできます。"""


def create(apps, schema_editor):
    apps.get_model("consultations", "PurposeNotice").objects.get_or_create(
        version="2026-1", defaults={"text": TEXT, "effective_from": datetime.date(2026, 1, 1)}
    )


class Migration(migrations.Migration):
    dependencies = [("consultations", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
