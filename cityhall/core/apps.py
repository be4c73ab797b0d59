from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "cityhall.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        # Permission changes made in Wagtail's user/group editors are audited
        # by model-level receivers (see signal_handlers for why).
        from cityhall.core import signal_handlers
        from cityhall.core.residents import extensions
        from cityhall.core.residents.account_sections import account_settings_section
        from cityhall.core.residents.services import resident_profile_erase
        from cityhall.core.services.api_tokens import api_access_erase
        from cityhall.core.services.schedule import periodic_task_register
        from cityhall.core.tasks import (
            audit_chain_check,
            idempotency_records_purge_daily,
            roles_sync,
        )

        signal_handlers.connect()
        # Core takes part in resident accounts like any app (residents/extensions).
        extensions.resident_data_eraser_register("core", resident_profile_erase)
        extensions.resident_data_eraser_register("core.api_access", api_access_erase)
        extensions.account_section_register("core", account_settings_section)
        # April transfers take effect on their date; the audit chain is checked daily.
        periodic_task_register(roles_sync, every="daily")
        periodic_task_register(audit_chain_check, every="daily")
        # Idempotency-Key answers are kept for a day (core/services/idempotency).
        periodic_task_register(idempotency_records_purge_daily, every="daily")
        from cityhall.core.residents.tasks import residents_unverified_purge_daily

        periodic_task_register(residents_unverified_purge_daily, every="daily")
