"""Pages of electronic applications under ``/apply/`` (language prefixed).
Fixed words come first; a form's slug may not be one of them
(``models.forms.RESERVED_SLUGS``)."""

from django.urls import path

from cityhall.eforms.views import account, flow

app_name = "eforms"

urlpatterns = [
    path("mine/", account.my_applications, name="mine"),
    path("postal-code/", account.postal_code_lookup, name="postal_code"),
    path("continue/<str:token>/", flow.guest_continue, name="guest_continue"),
    path("drafts/<uuid:public_id>/check/", flow.draft_check, name="draft_check"),
    path("drafts/<uuid:public_id>/<slug:page_id>/", flow.draft_page, name="draft_page"),
    path(
        "submissions/<uuid:public_id>/",
        account.submission_detail,
        name="submission_detail",
    ),
    path(
        "submissions/<uuid:public_id>/done/",
        flow.submission_done,
        name="submission_done",
    ),
    path("<slug:slug>/", flow.form_start, name="start"),
]
