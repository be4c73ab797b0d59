"""Pages of the reservations app under the language prefix: facilities and
room calendars (public), booking confirmation and the resident's bookings.
Public UUIDs in every address that names a record."""

from django.urls import path

from cityhall.reservations import views
from cityhall.reservations.views import calendar

app_name = "reservations"

urlpatterns = [
    path("", views.facility_list, name="facility_list"),
    path("<uuid:public_id>/", views.facility_detail, name="facility_detail"),
    path("rooms/<uuid:public_id>/", views.room_calendar, name="room_calendar"),
    path("book/", views.booking_confirm, name="booking_confirm"),
    path("my-bookings/", views.my_bookings, name="my_bookings"),
    path(
        "my-bookings/<uuid:public_id>/cancel/",
        views.booking_cancel_confirm,
        name="booking_cancel",
    ),
    path("my-groups/", views.group_list, name="group_list"),
    path("my-groups/new/", views.group_register_view, name="group_register"),
    path("my-groups/<uuid:public_id>/", views.group_detail, name="group_detail"),
    path(
        "my-groups/<uuid:public_id>/renew/",
        views.group_renew_view,
        name="group_renew",
    ),
    path("lottery/", views.lottery_list, name="lottery_list"),
    path("lottery/<uuid:public_id>/", views.lottery_detail, name="lottery_detail"),
    path(
        "lottery/<uuid:public_id>/result.json",
        views.lottery_result_json,
        name="lottery_result_json",
    ),
    path("my-lottery-entries/", views.my_lottery_entries, name="my_lottery_entries"),
    path(
        "my-lottery-entries/<uuid:public_id>/withdraw/",
        views.lottery_entry_withdraw,
        name="lottery_entry_withdraw",
    ),
    path(
        "my-bookings/<uuid:public_id>/calendar.ics",
        calendar.booking_ics,
        name="booking_ics",
    ),
    path("my-bookings/feed/", calendar.calendar_feed_manage, name="feed_manage"),
    path("feed/<str:token>.ics", calendar.calendar_feed, name="calendar_feed"),
]
