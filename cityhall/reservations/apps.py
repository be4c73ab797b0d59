from django.apps import AppConfig


class ReservationsConfig(AppConfig):
    name = "cityhall.reservations"
    label = "reservations"
    verbose_name = "Reservations"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from cityhall.core.services.schedule import periodic_task_register
        from cityhall.opendata.generators import dataset_generator_register
        from cityhall.payments.signals import invoice_paid
        from cityhall.reservations import reduction_console  # noqa: F401 (hooks)
        from cityhall.reservations.open_data import (
            FACILITY_AVAILABILITY,
            RESERVABLE_FACILITIES,
        )
        from cityhall.reservations.receivers import on_invoice_paid
        from cityhall.reservations.tasks import (
            booking_reminders_daily,
            bookings_expire_hourly,
            groups_expire_daily,
        )

        periodic_task_register(bookings_expire_hourly, every="hourly")
        periodic_task_register(groups_expire_daily, every="daily")
        periodic_task_register(booking_reminders_daily, every="daily")
        # payments' documented extension point: a paid invoice confirms its
        # provisional booking (本予約).
        invoice_paid.connect(on_invoice_paid, dispatch_uid="reservations-invoice-paid")
        # The registry and its availability as open data (opendata's
        # documented extension point; refreshed hourly by opendata's task).
        dataset_generator_register(RESERVABLE_FACILITIES)
        dataset_generator_register(FACILITY_AVAILABILITY)
