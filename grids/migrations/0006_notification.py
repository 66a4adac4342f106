"""One table for every app's alerts; the old Alert and DisputeAlert rows move into it next."""

import django.db.models.deletion
import django.utils.timezone
import grids.models.notifications
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('grids', '0005_request_public_id_backfill'),
    ]

    operations = [
        migrations.CreateModel(
            name='Notification',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=grids.models.notifications.kind_choices, max_length=40, verbose_name='kind')),
                ('object_id', models.PositiveBigIntegerField()),
                ('text', models.CharField(max_length=500, verbose_name='text')),
                ('due_at', models.DateTimeField(blank=True, null=True, verbose_name='due')),
                ('dedupe_key', models.CharField(max_length=200)),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='created at')),
                ('read_at', models.DateTimeField(blank=True, null=True, verbose_name='read at')),
                ('sent_at', models.DateTimeField(blank=True, null=True, verbose_name='sent at')),
                ('area', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='grids.area', verbose_name='area')),
                ('content_type', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='contenttypes.contenttype')),
                ('recipient', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to=settings.AUTH_USER_MODEL, verbose_name='recipient')),
            ],
            options={
                'verbose_name': 'notification',
                'verbose_name_plural': 'notifications',
                'ordering': ['-created_at', '-pk'],
                'indexes': [models.Index(fields=['recipient', 'read_at'], name='grids_notif_recipie_ef1aae_idx'), models.Index(fields=['content_type', 'object_id'], name='grids_notif_content_90bf6f_idx'), models.Index(condition=models.Q(('sent_at__isnull', True)), fields=['created_at'], name='notification_unsent')],
                'constraints': [models.UniqueConstraint(fields=('recipient', 'dedupe_key'), name='notification_once_per_key')],
            },
        ),
    ]
