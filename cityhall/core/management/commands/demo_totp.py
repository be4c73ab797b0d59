"""``manage.py demo_totp <email>``: the current second-factor code of a demo
staff account, so the staff sign-in can be demonstrated without a phone."""

import time

from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP

from cityhall.core.demo import demo_accounts
from cityhall.core.models import User
from cityhall.core.selectors.staff import staff_totp_device


class Command(BaseCommand):
    help = "Print the current TOTP code of a demo staff account."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, **options):
        email = options["email"].strip().lower()
        # Never a way to read real staff members' codes.
        if email not in {account.email for account in demo_accounts()}:
            raise CommandError(f"{email} is not a demo account; refusing.")
        user = User.objects.filter(email=email).first()
        device = staff_totp_device(user) if user else None
        if device is None:
            raise CommandError(f"{email} has no confirmed authenticator device.")
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        totp.time = time.time()
        code = str(totp.token()).zfill(device.digits)
        remaining = device.step - int(totp.time - device.t0) % device.step
        self.stdout.write(code)
        self.stderr.write(f"(valid for about {remaining} more seconds)")
