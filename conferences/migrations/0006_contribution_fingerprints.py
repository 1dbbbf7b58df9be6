"""Letters of interest and simulations get the digest of their content, as abstracts did in 0005, and the
database stores one of each per digest: two identical posts from separate form loads are stored once,
whatever their timing. A letter's digest covers its call, address, organisation and letter; a
simulation's its series, address, title, text and the digest of its file's bytes. Stored rows get theirs
here; of any already stored twice, the first keeps it (the later twins stay as they are, without one).

A simulation also gets its file's size (``file_size``), which the attachment quota sums
(``ATTACHMENT_QUOTA_MB``); a file that storage no longer has counts 0 and is digested by its name.
"""

import hashlib

from django.core.files.storage import default_storage
from django.db import migrations, models

from caucasuscenter.shared.text import fold


def digest(parts):
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()


def stored_file(name):
    """``(digest of the bytes, size)`` of a stored file; ``("missing:<name>", 0)`` if storage lacks it."""
    if not name:
        return "", 0
    content = hashlib.sha256()
    try:
        with default_storage.open(name, "rb") as file:
            for chunk in iter(lambda: file.read(1 << 20), b""):
                content.update(chunk)
        return content.hexdigest(), default_storage.size(name)
    except Exception:  # whatever a storage raises for a file it lacks (OSError here, a client error on S3)
        return f"missing:{name}", 0


def fingerprint_stored_contributions(apps, schema_editor):
    LetterOfInterest = apps.get_model("conferences", "LetterOfInterest")
    SimulationSubmission = apps.get_model("conferences", "SimulationSubmission")
    taken = set()
    for letter in LetterOfInterest.objects.order_by("received_at", "pk").iterator():
        parts = [str(letter.conference_id), fold(letter.email), fold(letter.organisation), fold(letter.message)]
        fingerprint = digest(parts)
        if fingerprint not in taken:
            taken.add(fingerprint)
            LetterOfInterest.objects.filter(pk=letter.pk).update(fingerprint=fingerprint)
    taken = set()
    for simulation in SimulationSubmission.objects.order_by("received_at", "pk").iterator():
        file_digest, size = stored_file(simulation.file.name if simulation.file else "")
        parts = [str(simulation.series_id), fold(simulation.email), fold(simulation.title), fold(simulation.text)]
        fingerprint = digest([*parts, file_digest])
        update = {"file_size": size}
        if fingerprint not in taken:
            taken.add(fingerprint)
            update["fingerprint"] = fingerprint
        SimulationSubmission.objects.filter(pk=simulation.pk).update(**update)



class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0011_republished_whole'),
        ('conferences', '0005_abstract_fingerprint'),
    ]

    operations = [
        migrations.AddField(
            model_name='letterofinterest',
            name='fingerprint',
            field=models.CharField(blank=True, editable=False, help_text='The submitted content (call, address, organisation, letter) as one digest: the database stores one letter per fingerprint (services.letter_fingerprint).', max_length=64),
        ),
        migrations.AddField(
            model_name='simulationsubmission',
            name='file_size',
            field=models.PositiveBigIntegerField(default=0, editable=False, help_text="The file's bytes when it was received: the attachment quota sums them."),
        ),
        migrations.AddField(
            model_name='simulationsubmission',
            name='fingerprint',
            field=models.CharField(blank=True, editable=False, help_text="The submitted content (series, address, title, text, the file's bytes) as one digest: the database stores one simulation per fingerprint (services.simulation_fingerprint).", max_length=64),
        ),
        migrations.RunPython(fingerprint_stored_contributions, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='letterofinterest',
            constraint=models.UniqueConstraint(condition=models.Q(('fingerprint', ''), _negated=True), fields=('fingerprint',), name='letter_content_once'),
        ),
        migrations.AddConstraint(
            model_name='simulationsubmission',
            constraint=models.UniqueConstraint(condition=models.Q(('fingerprint', ''), _negated=True), fields=('fingerprint',), name='simulation_content_once'),
        ),
    ]
