from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    """The directory: cities, areas, networks, contacts, venues, initiatives.

    Its label stays ``carenet``, as it was before the site layer moved out: tables, migrations,
    content types and the ``carenet.edit_all_cities`` permission keep their names.
    """

    name = "carenet.directory"
    label = "carenet"
    verbose_name = _("地域のネットワーク")
