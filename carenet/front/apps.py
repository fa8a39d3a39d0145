from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The apps whose rows the public pages show: a save or a delete in any of them moves the page
# cache's generation on (carenet/common/page_cache.py). Bumping for a row no page shows only costs
# a few misses; missing one would serve an old page, so the rule is "all, but …".
PUBLIC_APPS = ("carenet", "salons", "coordinators", "events", "community")
# … but these, which no cached page shows: QR visits (counted on every ?src= visit), residents'
# reports of mistakes, staff accounts, and event sign-ups (the seats left are on the event's own
# page, which is never cached).
NOT_ON_CACHED_PAGES = {
    "salons.SalonVisit",
    "salons.PlaceReport",
    "coordinators.StaffProfile",
    "coordinators.AccountEvent",
    "events.Application",
}


def shown_on_public_pages(model):
    return (
        model._meta.app_label in PUBLIC_APPS
        and model._meta.label not in NOT_ON_CACHED_PAGES
        and getattr(model, "instance_type", None) is None  # simple-history's copies
    )


def row_changed(sender, using=None, **kwargs):
    from carenet.common.page_cache import bump_generation_after_commit

    bump_generation_after_commit(using)


def links_changed(sender, action, using=None, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        row_changed(sender, using=using)


def code_changed(sender, **kwargs):
    """A deploy runs migrate: pages rendered by the old templates are not kept."""
    from carenet.common.page_cache import bump_generation

    bump_generation()


class FrontConfig(AppConfig):
    """The site layer: the pages that compose several apps, and the project-wide commands."""

    name = "carenet.front"
    label = "front"
    verbose_name = _("サイト")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from carenet.middleware import stamp_sign_in

        user_logged_in.connect(stamp_sign_in, dispatch_uid="carenet-stamp-sign-in")
        self.connect_page_cache()

    def connect_page_cache(self):
        """Signals cover save(), delete() (also a queryset's, row by row) and loaddata. What sends
        none bumps by itself: PlaceCheck.record's update() rides on its new check's signal (same
        transaction); make_sample_data's bulk_create and restore_db call bump_generation()."""
        from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

        for model in self.apps.get_models():
            if not shown_on_public_pages(model):
                continue
            uid = f"page-cache-{model._meta.label}"
            post_save.connect(row_changed, sender=model, dispatch_uid=uid)
            post_delete.connect(row_changed, sender=model, dispatch_uid=uid)
            for field in model._meta.local_many_to_many:
                through = field.remote_field.through
                m2m_changed.connect(links_changed, sender=through, dispatch_uid=f"{uid}-{through}")
        # Sent once per app with models (this one has none): a few bumps per migrate.
        post_migrate.connect(code_changed, dispatch_uid="page-cache-migrate")
