from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0006_person_identification_region_names_inferred"),
    ]

    operations = [
        migrations.AddField(
            model_name="agency",
            name="aliases",
            field=models.CharField(blank=True, max_length=300),
        ),
    ]
