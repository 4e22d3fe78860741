import django.core.validators
import django.db.models.deletion
import django.utils.timezone
import django_countries.fields
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('workspace', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Target',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200, verbose_name='name')),
                ('metric', models.CharField(choices=[('agreements_signed', 'Agreements signed'), ('contract_value_usd', 'Contract value (USD)'), ('people_exchanged', 'Students and staff exchanged'), ('active_alliances', 'Active academic alliances'), ('ventures_started', 'Ventures started'), ('introductions_accepted', 'Introductions accepted'), ('meetings_held', 'B2B meetings held'), ('jobs_created', 'Jobs created')], max_length=40, verbose_name='metric')),
                ('baseline', models.DecimalField(decimal_places=2, default=0, help_text='Where the figure stood when the period started.', max_digits=16, validators=[django.core.validators.MinValueValidator(0)], verbose_name='baseline')),
                ('target_value', models.DecimalField(decimal_places=2, help_text='The level to reach by the deadline.', max_digits=16, validators=[django.core.validators.MinValueValidator(0)], verbose_name='target value')),
                ('period_start', models.DateField(verbose_name='period start')),
                ('deadline', models.DateField(verbose_name='deadline')),
                ('country', django_countries.fields.CountryField(blank=True, max_length=2, verbose_name='country')),
                ('description', models.TextField(blank=True, max_length=2000, verbose_name='description')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('working_group', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='targets', to='workspace.workinggroup', verbose_name='working group')),
            ],
            options={
                'verbose_name': 'target',
                'verbose_name_plural': 'targets',
                'ordering': ['deadline', 'name', 'id'],
                'constraints': [models.CheckConstraint(condition=models.Q(('deadline__gt', models.F('period_start'))), name='target_deadline_after_start'), models.CheckConstraint(condition=models.Q(('baseline__gte', 0), ('target_value__gte', 0)), name='target_values_not_negative')],
            },
        ),
    ]
