"""ProgrammeOverlap (issue 18): a later paper's programme restating, superseding or overlapping
an earlier one's savings, so every total counts each saving once. A new table and its history
table; no existing row changes."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('savings', '0004_savings_profile'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='HistoricalProgrammeOverlap',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('version', models.PositiveIntegerField(default=1, editable=False)),
                ('kind', models.CharField(choices=[('restates', 'Restates'), ('supersedes', 'Supersedes'), ('overlaps', 'Overlaps')], default='restates', help_text="Restates: the same savings as the earlier paper, for this programme's authorities; supersedes: the earlier account no longer stands; overlaps: some of the same savings.", max_length=10)),
                ('note', models.TextField(blank=True, help_text="How the two papers' accounts relate.")),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.TextField(null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('earlier', models.ForeignKey(blank=True, db_constraint=False, help_text="The earlier paper's programme giving the same savings.", null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='savings.savingsprogramme', verbose_name='programme it restates')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('programme', models.ForeignKey(blank=True, db_constraint=False, help_text="The later paper's programme (the restatement).", null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='savings.savingsprogramme')),
            ],
            options={
                'verbose_name': 'historical programme overlap',
                'verbose_name_plural': 'historical programme overlaps',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='ProgrammeOverlap',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('version', models.PositiveIntegerField(default=1, editable=False)),
                ('kind', models.CharField(choices=[('restates', 'Restates'), ('supersedes', 'Supersedes'), ('overlaps', 'Overlaps')], default='restates', help_text="Restates: the same savings as the earlier paper, for this programme's authorities; supersedes: the earlier account no longer stands; overlaps: some of the same savings.", max_length=10)),
                ('note', models.TextField(blank=True, help_text="How the two papers' accounts relate.")),
                ('earlier', models.ForeignKey(help_text="The earlier paper's programme giving the same savings.", on_delete=django.db.models.deletion.CASCADE, related_name='later_accounts', to='savings.savingsprogramme', verbose_name='programme it restates')),
                ('programme', models.ForeignKey(help_text="The later paper's programme (the restatement).", on_delete=django.db.models.deletion.CASCADE, related_name='overlaps', to='savings.savingsprogramme')),
            ],
            options={
                'ordering': ['programme', 'earlier'],
                'constraints': [models.UniqueConstraint(fields=('programme', 'earlier'), name='one_overlap_per_pair')],
            },
        ),
    ]
