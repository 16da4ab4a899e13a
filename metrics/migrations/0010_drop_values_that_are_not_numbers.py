from django.db import migrations, models


def _finite(field: str) -> models.Q:
    # As metrics.models.finite. NaN compares above every number in PostgreSQL.
    return models.Q(**{f"{field}__gt": -1e300, f"{field}__lt": 1e300})


def drop_values_that_are_not_numbers(apps, schema_editor):
    """Before the checks: a week saved as NaN or an infinity (possible before the imports
    refused them) could never be shown and made every dashboard refresh fail; it goes. A
    baseline or target that is not a number becomes "not set"."""
    Measurement = apps.get_model("metrics", "Measurement")
    PlanMetric = apps.get_model("metrics", "PlanMetric")
    Measurement.objects.exclude(_finite("value")).delete()
    for field in ("baseline", "target"):
        PlanMetric.objects.filter(**{f"{field}__isnull": False}).exclude(_finite(field)).update(
            **{field: None}
        )


class Migration(migrations.Migration):
    # The checks come in 0011: PostgreSQL refuses to alter a table with this transaction's
    # deletions' trigger events still pending.
    dependencies = [
        ("metrics", "0009_pulse_version"),
    ]

    operations = [
        migrations.RunPython(drop_values_that_are_not_numbers, migrations.RunPython.noop),
    ]
