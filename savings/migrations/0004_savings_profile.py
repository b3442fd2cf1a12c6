"""SavingsAmount is renamed SavingsProfile, the glossary's name (issue 19): the table and its
history table are renamed, no row changes."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("savings", "0003_years_in_range"),
    ]

    operations = [
        migrations.RenameModel(old_name="SavingsAmount", new_name="SavingsProfile"),
        migrations.RenameModel(
            old_name="HistoricalSavingsAmount", new_name="HistoricalSavingsProfile"
        ),
        migrations.AlterModelOptions(
            name="historicalsavingsprofile",
            options={
                "get_latest_by": ("history_date", "history_id"),
                "ordering": ("-history_date", "-history_id"),
                "verbose_name": "historical savings profile",
                "verbose_name_plural": "historical savings profiles",
            },
        ),
    ]
