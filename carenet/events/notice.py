"""What a resident agrees to when signing up for an event (shown above the form, its version kept
with each sign-up). Shorter than the consultation notice: a sign-up holds no health data."""

from django.utils.translation import gettext_lazy as _

VERSION = "2026-11"
LINES = [
    _("お名前・電話番号・メールアドレスは、この催しの受付と、変更・中止のご連絡にだけ使います。"),
    _("主催者と、その地域の担当職員だけが見ます。ほかの目的には使わず、外部に渡しません。"),
    _("催しが終わってから一定の期間（通常90日）が過ぎると、人数だけを残して削除します。"),
]
