"""Everything under /accounts/ (namespace ``accounts``).

Sign-in and sign-out come from :mod:`cityhall.core.staff_auth` (they share the
login throttle with the staff sign-in); sign-up, profile and the rest from the
residents app.
"""

from cityhall.core.residents.urls import urlpatterns as resident_urlpatterns
from cityhall.core.staff_auth.resident_urls import urlpatterns as sign_in_urlpatterns

app_name = "accounts"

urlpatterns = [*sign_in_urlpatterns, *resident_urlpatterns]
