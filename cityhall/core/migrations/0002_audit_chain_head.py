from django.db import migrations, models

GENESIS_HASH = "0" * 64

# PostgreSQL only: the audit table is append-only at the database level too, so
# neither a bug nor a person with the application's credentials can rewrite
# history. TRUNCATE is deliberately not blocked: Django's test flush uses it, and
# it needs table-owner rights that the application role should not hold in
# production (see docs/operations.md). The chain head may only move forward.
POSTGRES_FORWARD = """
CREATE OR REPLACE FUNCTION core_auditrecord_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit records are append-only (% rejected)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER core_auditrecord_append_only
    BEFORE UPDATE OR DELETE ON core_auditrecord
    FOR EACH ROW EXECUTE FUNCTION core_auditrecord_append_only();

CREATE OR REPLACE FUNCTION core_auditchainhead_forward_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' OR NEW.sequence < OLD.sequence THEN
        RAISE EXCEPTION 'the audit chain head only moves forward (% rejected)', TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER core_auditchainhead_forward_only
    BEFORE UPDATE OR DELETE ON core_auditchainhead
    FOR EACH ROW EXECUTE FUNCTION core_auditchainhead_forward_only();
"""

POSTGRES_REVERSE = """
DROP TRIGGER IF EXISTS core_auditchainhead_forward_only ON core_auditchainhead;
DROP FUNCTION IF EXISTS core_auditchainhead_forward_only();
DROP TRIGGER IF EXISTS core_auditrecord_append_only ON core_auditrecord;
DROP FUNCTION IF EXISTS core_auditrecord_append_only();
"""


def create_head(apps, schema_editor):
    """Point the head at the newest existing record (or the genesis hash)."""
    AuditRecord = apps.get_model("core", "AuditRecord")
    AuditChainHead = apps.get_model("core", "AuditChainHead")
    last = AuditRecord.objects.order_by("-sequence").first()
    AuditChainHead.objects.create(
        id=1,
        sequence=last.sequence if last else 0,
        record_hash=last.record_hash if last else GENESIS_HASH,
    )


def add_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_FORWARD, params=None)


def remove_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_REVERSE, params=None)


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="AuditChainHead",
            fields=[
                ("id", models.PositiveSmallIntegerField(default=1, primary_key=True, serialize=False)),
                ("sequence", models.PositiveBigIntegerField(default=0)),
                ("record_hash", models.CharField(default=GENESIS_HASH, max_length=64)),
            ],
            options={
                "verbose_name": "audit chain head",
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("id", 1)), name="audit_chain_head_singleton"
                    )
                ],
            },
        ),
        migrations.RunPython(create_head, migrations.RunPython.noop),
        migrations.RunPython(add_triggers, remove_triggers),
    ]
