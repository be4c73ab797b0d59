from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "cityhall.payments"
    label = "payments"
    verbose_name = "Payments"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from cityhall.core.services.schedule import periodic_task_register
        from cityhall.payments.tasks import (
            card_payments_settle_hourly,
            payment_attempts_expire_daily,
        )

        periodic_task_register(card_payments_settle_hourly, every="hourly")
        periodic_task_register(payment_attempts_expire_daily, every="daily")
