"""URL configuration: public contracts are listed in ARCHITECTURE.md."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cityhall.api.api import api
from cityhall.common.api.errors import api_not_found
from cityhall.core.views import healthz, ping
from cityhall.website.feeds import NewsAtomFeed, NewsRssFeed
from cityhall.website.robots import robots_txt
from cityhall.website.search_views import search
from cityhall.website.sitemaps import sitemap
from cityhall.website.views import display_options_set

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("-/ping", ping, name="ping"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # REST API (read-only); any other /api/v1/ address answers a JSON 404.
    path("api/v1/", api.urls),
    re_path(r"^api/v1/", api_not_found),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("display/", display_options_set, name="display_options"),
    path("payments/webhooks/", include("cityhall.payments.webhook_urls")),
    # Open data: CKAN Action API, DCAT catalogues, downloads (no language prefix).
    path("", include("cityhall.opendata.ckan.urls")),
    path("opendata/files/", include("cityhall.opendata.download_urls")),
]

urlpatterns += i18n_patterns(
    path("search/", search, name="search"),
    path("feeds/news.atom", NewsAtomFeed(), name="news_feed_atom"),
    path("feeds/news.rss", NewsRssFeed(), name="news_feed_rss"),
    path(
        "accounts/",
        include(("cityhall.core.accounts_urls", "accounts"), namespace="accounts"),
    ),
    path("staff/", include("cityhall.core.staff_auth.urls")),
    path("payments/", include("cityhall.payments.urls")),
    path("opendata/", include("cityhall.opendata.urls")),
    path("map/", include("cityhall.gis.urls")),
    path("", include("cityhall.website.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
