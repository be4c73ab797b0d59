from django.apps import AppConfig


class WebsiteConfig(AppConfig):
    name = "cityhall.website"
    label = "website"
    verbose_name = "Website"
