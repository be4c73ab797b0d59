"""Search entries point at any object (content type + object id), not only pages.

Existing rows are converted: a page's entry points at its ``wagtailcore.Page``
row, its public key is the page's translation key, and an alias records the
language of the text it mirrors. Backwards, the index is emptied (it is derived
data: ``manage.py rebuild_search_index`` fills it again).
"""

import django.db.models.deletion
from django.db import migrations, models


def entries_point_at_pages(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    SearchEntry = apps.get_model("common", "SearchEntry")
    Page = apps.get_model("wagtailcore", "Page")
    page_type, _created = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="page"
    )
    pages = Page.objects.select_related("alias_of__locale")
    for entry in SearchEntry.objects.all().iterator():
        page = pages.get(pk=entry.page_id)
        entry.content_type_id = page_type.pk
        entry.object_id = page.pk
        entry.public_key = page.translation_key
        entry.text_language_code = (
            page.alias_of.locale.language_code if page.alias_of_id else ""
        )
        entry.save(
            update_fields=[
                "content_type",
                "object_id",
                "public_key",
                "text_language_code",
            ]
        )


def entries_remove(apps, schema_editor):
    apps.get_model("common", "SearchEntry").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("common", "0002_search_entry_trigram_indexes"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0058_page_alias_of"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="content_type",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="contenttypes.contenttype",
            ),
        ),
        migrations.AddField(
            model_name="searchentry",
            name="object_id",
            field=models.PositiveBigIntegerField(null=True),
        ),
        migrations.AddField(
            model_name="searchentry",
            name="public_key",
            field=models.UUIDField(null=True),
        ),
        migrations.AddField(
            model_name="searchentry",
            name="text_language_code",
            field=models.CharField(blank=True, default="", max_length=20),
        ),
        migrations.RunPython(entries_point_at_pages, entries_remove),
        migrations.RemoveField(model_name="searchentry", name="page"),
        migrations.AlterField(
            model_name="searchentry",
            name="content_type",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="contenttypes.contenttype",
            ),
        ),
        migrations.AlterField(
            model_name="searchentry",
            name="object_id",
            field=models.PositiveBigIntegerField(),
        ),
        migrations.AlterField(
            model_name="searchentry",
            name="public_key",
            field=models.UUIDField(),
        ),
        migrations.AddConstraint(
            model_name="searchentry",
            constraint=models.UniqueConstraint(
                fields=("content_type", "object_id", "language_code"),
                name="search_entry_one_per_object_language",
            ),
        ),
        # Backwards this runs first: the page column comes back on an empty table.
        migrations.RunPython(migrations.RunPython.noop, entries_remove),
    ]
