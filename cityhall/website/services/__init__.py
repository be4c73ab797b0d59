"""Writes of the website app, split by concept; re-exported here for callers."""

from cityhall.website.services.locales import website_locales_ensure
from cityhall.website.services.moderation import website_moderation_ensure

__all__ = ["website_locales_ensure", "website_moderation_ensure"]
