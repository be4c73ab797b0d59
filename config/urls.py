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
from cityhall.notices.feeds import CapIndexFeed
from cityhall.notices.subscriptions.urls import one_click_urls as notices_one_click_urls
from cityhall.notices.views import cap_document_view
from cityhall.website.feeds import NewsAtomFeed, NewsCategoryAtomFeed, NewsRssFeed
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
    path("notices/", include("cityhall.notices.webhook_urls")),
    *notices_one_click_urls,
    # Alerts carry every language in one document, so no language prefix.
    path("feeds/alerts.cap", CapIndexFeed(), name="notices_cap_index"),
    path("feeds/alerts/<uuid:key>.xml", cap_document_view, name="notices_cap_document"),
]

urlpatterns += i18n_patterns(
    path("search/", search, name="search"),
    path("feeds/news.atom", NewsAtomFeed(), name="news_feed_atom"),
    path("feeds/news.rss", NewsRssFeed(), name="news_feed_rss"),
    path(
        "feeds/category/<slug:slug>.atom",
        NewsCategoryAtomFeed(),
        name="news_category_feed_atom",
    ),
    path("notices/", include("cityhall.notices.urls")),
    path(
        "accounts/",
        include(("cityhall.core.accounts_urls", "accounts"), namespace="accounts"),
    ),
    path("staff/", include("cityhall.core.staff_auth.urls")),
    path("payments/", include("cityhall.payments.urls")),
    path("procedures/", include("cityhall.procedures.urls")),
    path("facilities/", include("cityhall.reservations.urls")),
    path("apply/", include("cityhall.eforms.urls")),
    path("notices/subscribe/", include("cityhall.notices.subscriptions.urls")),
    path("opendata/", include("cityhall.opendata.urls")),
    path("map/", include("cityhall.gis.urls")),
    path("", include("cityhall.website.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
