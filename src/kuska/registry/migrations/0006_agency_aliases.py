from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0005_person_document_hash_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="agency",
            name="aliases",
            field=models.CharField(blank=True, max_length=300),
        ),
    ]
