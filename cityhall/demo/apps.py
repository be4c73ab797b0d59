from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data set: ``seed_demo`` calls each app's ``demo_seed`` in order.

    The top layer: it may import every app, and nothing imports it.
    """

    name = "cityhall.demo"
    label = "demo"
    verbose_name = "Demo data"
