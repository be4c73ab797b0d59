"""The 手続きナビ and the resident's saved checklists, under the language
prefix. Saved checklists are addressed by their public UUID."""

from django.urls import path

from cityhall.procedures import views

app_name = "procedures"

urlpatterns = [
    path("navi/", views.navi, name="navi"),
    path("navi/save/", views.checklist_create, name="checklist_create"),
    path(
        "checklists/<uuid:public_id>/", views.checklist_detail, name="checklist_detail"
    ),
    path(
        "checklists/<uuid:public_id>/delete/",
        views.checklist_remove,
        name="checklist_delete",
    ),
]
