"""``manage.py audit_verify``: check the audit trail's hash chain."""

from django.core.management.base import BaseCommand, CommandError

from cityhall.core.services.audit import audit_verify

_REASONS = {
    "hash_mismatch": "record #{seq} was altered (its hash does not match)",
    "missing_record": "record #{seq} is missing (deleted)",
    "broken_link": "record #{seq} does not link to the record before it",
    "missing_tail": "records from #{seq} on are missing (deleted from the end)",
    "head_mismatch": "the chain head disagrees with the last record (#{seq})",
}


class Command(BaseCommand):
    help = "Verify the audit trail; exit code 1 if it was tampered with."

    def handle(self, *args, **options):
        result = audit_verify()
        if not result.ok:
            detail = _REASONS.get(result.reason, result.reason).format(
                seq=result.first_bad_sequence
            )
            # CommandError exits with status 1 and prints to stderr.
            raise CommandError(
                f"Audit trail verification FAILED: {detail}. "
                f"{result.checked} records before it are intact."
            )
        self.stdout.write(
            self.style.SUCCESS(f"Audit trail OK: {result.checked} records verified.")
        )
