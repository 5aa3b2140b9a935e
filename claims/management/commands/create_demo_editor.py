import os
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from claims.roles import EDITORS


class Command(BaseCommand):
    help = (
        "Create (or reset) the demo editor account 'editor' in the Editors group. The password "
        "comes from $DEMO_PASSWORD, else a new one is generated; both are printed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="editor")

    def handle(self, *args, username, **options):
        password = os.environ.get("DEMO_PASSWORD") or secrets.token_urlsafe(12)
        user, created = get_user_model().objects.get_or_create(
            username=username, defaults={"email": f"{username}@example.org"}
        )
        user.is_staff = True
        user.is_active = True
        user.set_password(password)
        user.save()
        user.groups.add(Group.objects.get(name=EDITORS))
        verb = "Created" if created else "Reset"
        self.stdout.write(f"{verb} the demo editor: username {username!r}, password {password!r}")
