from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """Residents' rights (開示・訂正・利用停止), the retention period and the access report."""

    name = "carenet.privacy"
    label = "privacy"
    verbose_name = _("個人情報の保護（保存期間・開示等の請求）")
