"""``manage.py rebuild_search_index``: rebuild the site search index."""

from django.core.management.base import BaseCommand

from cityhall.common.search.indexing import search_index_rebuild


class Command(BaseCommand):
    help = (
        "Rebuild the site search index from every registered source "
        "(website pages, …) in all languages."
    )

    def handle(self, *args, **options):
        count = search_index_rebuild()
        self.stdout.write(f"Indexed {count} objects.")
