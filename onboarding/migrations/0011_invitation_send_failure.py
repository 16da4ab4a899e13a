from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('onboarding', '0010_user_pending_email'),
    ]

    operations = [
        migrations.AddField(
            model_name='invitation',
            name='send_failed_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='invitation',
            name='send_failure',
            field=models.CharField(blank=True, max_length=200),
        ),
    ]
