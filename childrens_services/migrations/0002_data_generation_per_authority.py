"""One data generation per authority, plus the shared one (key 0): the single row made by
0001 becomes the shared generation, so every figure cached before keeps a valid key shape and
is simply read again (its key never named an authority's generation)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("childrens_services", "0001_data_generation"),
    ]

    operations = [
        migrations.AddField(
            model_name="datageneration",
            name="key",
            field=models.PositiveIntegerField(
                default=0,
                help_text="The authority's id, or 0 for records no one authority owns.",
                unique=True,
            ),
            preserve_default=False,
        ),
    ]
