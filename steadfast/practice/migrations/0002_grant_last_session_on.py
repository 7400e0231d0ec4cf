from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("practice", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="grant",
            name="last_session_on",
            field=models.DateField(blank=True, null=True),
        ),
    ]
