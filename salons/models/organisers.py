"""世話人: the volunteers who run a place and keep its dates true themselves."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from carenet.directory.access import DirectoryScope
from carenet.directory.models import Municipality


class OrganiserManager(models.Manager):
    def create_with_account(self, username, password, municipality, name, note=""):
        """A 世話人 and their sign-in together. Never staff: /staff/places/ is all it opens."""
        with transaction.atomic():
            user = get_user_model().objects.create_user(username, password=password)
            return self.create(user=user, municipality=municipality, name=name, note=note)


class Organiser(models.Model):
    """An account that may post cancellations and extra dates, and rewrite the schedule, of the
    places staff attach it to (`Salon.organisers`), on /staff/places/ only.

    Not staff: no admin, no consultation, no other place. Whole-city staff create the account;
    the staff of a place's area attach it to the place.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="organiser",
        verbose_name=_("アカウント"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="organisers",
        verbose_name=_("市区町村"),
    )
    name = models.CharField(
        _("お名前"), max_length=100, help_text=_("職員が見分けるための名前。公開しません。")
    )
    note = models.CharField(_("職員用のメモ"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True)

    objects = OrganiserManager()

    directory_scope = DirectoryScope()
    history = HistoricalRecords()

    class Meta:
        ordering = ["municipality__order", "name", "pk"]
        verbose_name = _("世話人")
        verbose_name_plural = _("世話人")

    def __str__(self):
        return f"{self.name}（{self.user.get_username()}）"
