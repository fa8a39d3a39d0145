from django.core.management.base import BaseCommand

from coordinators.roles import ROLES, sync_roles


class Command(BaseCommand):
    help = "職員の役割（グループと権限）を作成・更新します。本番でも migrate の後に実行します。"

    def handle(self, *args, **options):
        groups = sync_roles()
        for key, group in groups.items():
            count = group.permissions.count()
            self.stdout.write(f"{key}: {ROLES[key].name} ({count} permissions)")
