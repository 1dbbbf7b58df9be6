"""Each abstract gets the digest of its content (call, contact address, title, text), and the database
stores one abstract that is not withdrawn per digest: two identical posts from separate form loads are
stored once, whatever their timing. Stored abstracts get theirs here; of any already stored twice, the
first keeps it (the others stay as they are, without one)."""

import hashlib

from django.db import migrations, models

from caucasuscenter.shared.text import fold


def fingerprint_stored_abstracts(apps, schema_editor):
    Abstract = apps.get_model("conferences", "Abstract")
    AbstractAuthor = apps.get_model("conferences", "AbstractAuthor")
    contacts = dict(AbstractAuthor.objects.filter(is_contact=True).values_list("abstract_id", "email"))
    taken = set()
    for abstract in Abstract.objects.exclude(status="withdrawn").order_by("submitted_at", "pk").iterator():
        parts = [str(abstract.conference_id), fold(contacts.get(abstract.pk, "")), fold(abstract.title), fold(abstract.text)]
        digest = hashlib.sha256("\x00".join(parts).encode()).hexdigest()
        if digest not in taken:
            taken.add(digest)
            Abstract.objects.filter(pk=abstract.pk).update(fingerprint=digest)


class Migration(migrations.Migration):

    dependencies = [
        ('conferences', '0004_time_zone_and_site_defaults'),
    ]

    operations = [
        migrations.AddField(
            model_name='abstract',
            name='fingerprint',
            field=models.CharField(blank=True, editable=False, help_text='The submitted content (call, contact address, title, text) as one digest: the database stores one abstract that is not withdrawn per fingerprint (services.content_fingerprint).', max_length=64),
        ),
        migrations.RunPython(fingerprint_stored_abstracts, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='abstract',
            constraint=models.UniqueConstraint(condition=models.Q(models.Q(('fingerprint', ''), _negated=True), models.Q(('status', 'withdrawn'), _negated=True)), fields=('fingerprint',), name='abstract_content_once'),
        ),
    ]
