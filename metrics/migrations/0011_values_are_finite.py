from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("metrics", "0010_drop_values_that_are_not_numbers"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="measurement",
            constraint=models.CheckConstraint(
                condition=models.Q(("value__gt", -1e300), ("value__lt", 1e300)),
                name="measurement_value_finite",
            ),
        ),
        migrations.AddConstraint(
            model_name="planmetric",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("baseline__isnull", True),
                        models.Q(("baseline__gt", -1e300), ("baseline__lt", 1e300)),
                        _connector="OR",
                    ),
                    models.Q(
                        ("target__isnull", True),
                        models.Q(("target__gt", -1e300), ("target__lt", 1e300)),
                        _connector="OR",
                    ),
                ),
                name="metric_baseline_and_target_finite",
            ),
        ),
    ]
