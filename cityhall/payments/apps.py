from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "cityhall.payments"
    label = "payments"
    verbose_name = "Payments"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from cityhall.core.residents.extensions import account_section_register
        from cityhall.core.services.schedule import periodic_task_register
        from cityhall.payments.account_section import payment_history_section
        from cityhall.payments.tasks import (
            card_payments_settle_hourly,
            payment_attempts_expire_daily,
        )

        periodic_task_register(card_payments_settle_hourly, every="hourly")
        periodic_task_register(payment_attempts_expire_daily, every="daily")
        # The resident's payments on their account page (residents/extensions).
        account_section_register("payments", payment_history_section)
