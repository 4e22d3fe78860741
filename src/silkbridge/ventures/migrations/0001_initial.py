import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('directory', '0005_country_order_index'),
        ('introductions', '0002_initial'),
        ('workspace', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Venture',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(max_length=200, verbose_name='title')),
                ('summary', models.TextField(blank=True, max_length=2000, verbose_name='summary')),
                ('kind', models.CharField(choices=[('joint_venture', 'Joint venture'), ('services_contract', 'Outsourcing or services contract'), ('authority_pilot', 'Pilot with an authority'), ('mou', 'Memorandum of understanding'), ('investment', 'Investment'), ('academic_exchange', 'Academic exchange'), ('joint_programme', 'Joint programme'), ('internship_programme', 'Internship programme')], max_length=24, verbose_name='kind')),
                ('stage', models.CharField(choices=[('introduced', 'Introduced'), ('in_talks', 'In talks'), ('mou_signed', 'MoU signed'), ('contract_signed', 'Contract signed'), ('delivering', 'Delivering'), ('completed', 'Completed'), ('stalled', 'Stalled'), ('dropped', 'Dropped')], default='introduced', max_length=20, verbose_name='stage')),
                ('origin', models.CharField(choices=[('introduction', 'Introduction'), ('b2b_meeting', 'B2B meeting'), ('working_group_decision', 'Working-group decision'), ('manual', 'Recorded directly')], default='manual', max_length=24, verbose_name='origin')),
                ('origin_object_id', models.PositiveBigIntegerField(blank=True, null=True)),
                ('origin_label', models.CharField(blank=True, max_length=255, verbose_name='origin')),
                ('value_amount', models.DecimalField(blank=True, decimal_places=2, max_digits=18, null=True, verbose_name='value')),
                ('value_currency', models.CharField(blank=True, max_length=3, verbose_name='currency')),
                ('usd_rate', models.DecimalField(blank=True, decimal_places=10, max_digits=20, null=True, verbose_name='US dollars per unit')),
                ('value_usd', models.DecimalField(blank=True, decimal_places=2, max_digits=18, null=True, verbose_name='value in US dollars')),
                ('jobs_created', models.PositiveIntegerField(default=0, verbose_name='jobs created')),
                ('people_exchanged', models.PositiveIntegerField(default=0, verbose_name='students or staff exchanged')),
                ('confidential', models.BooleanField(default=False, help_text='Only the parties and the secretariat see the details; counts stay in totals.', verbose_name='confidential')),
                ('started_on', models.DateField(verbose_name='started on')),
                ('stage_changed_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('seats', models.PositiveIntegerField(blank=True, null=True, verbose_name='seats')),
                ('intake_dates', models.JSONField(blank=True, null=True, verbose_name='intake dates')),
                ('fields_of_study', models.TextField(blank=True, verbose_name='fields of study')),
                ('reviewed_at', models.DateTimeField(blank=True, null=True)),
                ('last_update_reminder_at', models.DateTimeField(blank=True, null=True)),
                ('is_demo', models.BooleanField(default=False, editable=False)),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('origin_content_type', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='contenttypes.contenttype')),
                ('origin_introduction', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='ventures', to='introductions.introduction', verbose_name='introduction')),
                ('reviewed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('sectors', models.ManyToManyField(blank=True, limit_choices_to={'vocabulary': 'sector'}, related_name='+', to='directory.term', verbose_name='sectors')),
                ('working_group', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='ventures', to='workspace.workinggroup', verbose_name='working group')),
            ],
            options={
                'verbose_name': 'venture',
                'verbose_name_plural': 'ventures',
                'ordering': ['-stage_changed_at', '-id'],
            },
        ),
        migrations.CreateModel(
            name='StageChange',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('from_stage', models.CharField(blank=True, choices=[('introduced', 'Introduced'), ('in_talks', 'In talks'), ('mou_signed', 'MoU signed'), ('contract_signed', 'Contract signed'), ('delivering', 'Delivering'), ('completed', 'Completed'), ('stalled', 'Stalled'), ('dropped', 'Dropped')], max_length=20, verbose_name='from')),
                ('to_stage', models.CharField(choices=[('introduced', 'Introduced'), ('in_talks', 'In talks'), ('mou_signed', 'MoU signed'), ('contract_signed', 'Contract signed'), ('delivering', 'Delivering'), ('completed', 'Completed'), ('stalled', 'Stalled'), ('dropped', 'Dropped')], max_length=20, verbose_name='to')),
                ('changed_on', models.DateField(verbose_name='date')),
                ('reason', models.TextField(blank=True, max_length=500, verbose_name='reason')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ('author', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('venture', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='stage_changes', to='ventures.venture')),
            ],
            options={
                'verbose_name': 'stage change',
                'verbose_name_plural': 'stage changes',
                'ordering': ['changed_on', 'id'],
            },
        ),
        migrations.CreateModel(
            name='VentureParty',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('role', models.CharField(choices=[('lead', 'Lead'), ('partner', 'Partner')], default='partner', max_length=10, verbose_name='role')),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='venture_parties', to='directory.organisation', verbose_name='organisation')),
                ('venture', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='parties', to='ventures.venture')),
            ],
            options={
                'verbose_name': 'venture party',
                'verbose_name_plural': 'venture parties',
                'ordering': ['role', 'id'],
            },
        ),
        migrations.CreateModel(
            name='ExchangeRate',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('currency', models.CharField(max_length=3, verbose_name='currency')),
                ('usd_per_unit', models.DecimalField(decimal_places=10, max_digits=20, verbose_name='US dollars per unit')),
                ('valid_from', models.DateField(verbose_name='valid from')),
                ('source', models.CharField(max_length=300, verbose_name='source')),
                ('is_reference', models.BooleanField(default=False, help_text='An approximate value seeded with the platform, not an official rate.', verbose_name='reference value')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'exchange rate',
                'verbose_name_plural': 'exchange rates',
                'ordering': ['currency', '-valid_from'],
                'constraints': [models.UniqueConstraint(fields=('currency', 'valid_from'), name='one_rate_per_day'), models.CheckConstraint(condition=models.Q(('usd_per_unit__gt', 0)), name='exchange_rate_positive')],
            },
        ),
        migrations.AddIndex(
            model_name='venture',
            index=models.Index(fields=['-stage_changed_at', '-id'], name='venture_recent'),
        ),
        migrations.AddIndex(
            model_name='venture',
            index=models.Index(fields=['stage', 'kind'], name='venture_stage_kind'),
        ),
        migrations.AddIndex(
            model_name='venture',
            index=models.Index(fields=['kind', 'started_on'], name='venture_kind_started'),
        ),
        migrations.AddIndex(
            model_name='venture',
            index=models.Index(fields=['started_on'], name='venture_started'),
        ),
        migrations.AddConstraint(
            model_name='venture',
            constraint=models.CheckConstraint(condition=models.Q(('value_amount__isnull', True), ('value_amount__gte', 0), _connector='OR'), name='venture_value_not_negative'),
        ),
        migrations.AddIndex(
            model_name='stagechange',
            index=models.Index(fields=['venture', 'changed_on', 'id'], name='stage_change_timeline'),
        ),
        migrations.AddIndex(
            model_name='stagechange',
            index=models.Index(fields=['to_stage', 'changed_on'], name='stage_change_to_stage'),
        ),
        migrations.AddIndex(
            model_name='ventureparty',
            index=models.Index(fields=['organisation', 'venture'], name='venture_party_org'),
        ),
        migrations.AddConstraint(
            model_name='ventureparty',
            constraint=models.UniqueConstraint(fields=('venture', 'organisation'), name='one_party_per_organisation'),
        ),
    ]
