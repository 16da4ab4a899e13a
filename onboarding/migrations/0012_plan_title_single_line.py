import re

import onboarding.core.text
from django.db import migrations, models

CONTROL = re.compile(r'[\x00-\x1f\x7f-\x9f\u2028\u2029]')


def titles_on_one_line(apps, schema_editor):
    """Before the constraint: line breaks and control characters in titles become spaces."""
    Plan = apps.get_model("onboarding", "Plan")
    for plan in Plan.objects.filter(title__regex=CONTROL.pattern).only("pk", "title"):
        plan.title = " ".join(CONTROL.sub(" ", plan.title).split())[:200] or "-"
        plan.save(update_fields=["title"])


class Migration(migrations.Migration):

    dependencies = [
        ('onboarding', '0011_invitation_send_failure'),
    ]

    operations = [
        migrations.RunPython(titles_on_one_line, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='plan',
            name='title',
            field=models.CharField(max_length=200, validators=[onboarding.core.text.check_single_line], verbose_name='title'),
        ),
        migrations.AddConstraint(
            model_name='plan',
            constraint=models.CheckConstraint(condition=models.Q(('title__regex', '[\\x00-\\x1f\\x7f-\\x9f\\u2028\\u2029]'), _negated=True), name='plan_title_single_line'),
        ),
    ]
