from django.apps import AppConfig


class ProceduresConfig(AppConfig):
    name = "cityhall.procedures"
    label = "procedures"
    verbose_name = "Procedure guide"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from cityhall.core.residents.extensions import (
            account_section_register,
            resident_data_eraser_register,
        )
        from cityhall.procedures.account_section import checklist_section
        from cityhall.procedures.services import checklists_erase_for_resident

        # The resident's saved 手続きナビ checklists on their account page, and
        # gone with their account (core/residents/extensions).
        account_section_register("procedures", checklist_section)
        resident_data_eraser_register("procedures", checklists_erase_for_resident)
