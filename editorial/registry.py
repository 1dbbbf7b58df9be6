"""Which models the desk keeps revisions of, and how each is written down (a JSON snapshot).

The desk imports none of our apps: the apps describe their models here from their ``ready()``::

    editorial.register(Article, fields=[...], related=[Children("authorships", ...), Tags("tags")],
                       keep_on_restore=["status", "published_at"], classify=audit_action)

A snapshot is ``{"fields": {name: value}, "labels": {name: text}, "related": {name: {"rows": [...],
"labels": [...]}}}``: the stored values (to restore them) and what an editor reads (to compare them).
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.db.models.fields.files import FieldFile
from django.utils import timezone

_specs = {}


@dataclass
class Children:
    """Rows pointing at the object (an inline: ``authorships``), kept in order with ``fields``."""

    accessor: str
    fields: list
    label: callable = str
    verbose_name: str = ""
    select_related: tuple = ()  # what ``label`` reads, loaded with the rows

    def model_and_fk(self, model):
        relation = model._meta.get_field(self.accessor)
        return relation.related_model, relation.field.name

    def read(self, obj):
        rows = getattr(obj, self.accessor).all()
        if self.select_related:  # an argument-less select_related() is deprecated (and would follow every key)
            rows = rows.select_related(*self.select_related)
        rows = list(rows)
        return (
            [{name: _json(getattr(row, row._meta.get_field(name).attname)) for name in self.fields} for row in rows],
            [self.label(row) for row in rows],
        )

    def write(self, obj, rows):
        child_model, fk = self.model_and_fk(type(obj))
        getattr(obj, self.accessor).all().delete()
        kept = []
        for row in rows:
            values = {child_model._meta.get_field(name).attname: value for name, value in row.items()}
            kept.append(child_model(**{fk: obj}, **values))
        child_model.objects.bulk_create(kept)


@dataclass
class Tags:
    """A django-taggit manager: kept as the sorted tag names."""

    accessor: str = "tags"
    verbose_name: str = "tags"

    def read(self, obj):
        names = sorted(tag.name for tag in getattr(obj, self.accessor).all())
        return names, names

    def write(self, obj, names):
        getattr(obj, self.accessor).set(names, clear=True)


@dataclass
class Spec:
    model: type
    fields: list
    related: list = field(default_factory=list)
    keep_on_restore: tuple = ()
    classify: callable = None  # (before_fields or None, after_fields) -> audit action or None

    def field_objects(self):
        return [self.model._meta.get_field(name) for name in self.fields]

    def stored(self, pk):
        """The object as stored, its foreign keys loaded in the same query (their names are in the snapshot)."""
        relations = [f.name for f in self.field_objects() if isinstance(f, models.ForeignKey)]
        rows = self.model._default_manager.filter(pk=pk)
        if relations:  # an argument-less select_related() is deprecated (and would follow every key)
            rows = rows.select_related(*relations)
        return rows.first()

    def snapshot(self, obj):
        values, labels = {}, {}
        for f in self.field_objects():
            values[f.name] = _json(getattr(obj, f.attname))
            labels[f.name] = _label(obj, f)
        related = {}
        for rel in self.related:
            rows, rel_labels = rel.read(obj)
            related[rel.accessor] = {"rows": rows, "labels": rel_labels}
        return {"fields": values, "labels": labels, "related": related}

    def verbose_names(self):
        names = {f.name: str(f.verbose_name) for f in self.field_objects()}
        for rel in self.related:
            names[rel.accessor] = rel.verbose_name or rel.accessor
        return names


def register(model, *, fields=None, related=(), keep_on_restore=(), classify=None):
    """Keep revisions of ``model``: ``fields`` (names; every editable field by default) and
    ``related`` (``Children``/``Tags``)."""
    if fields is None:
        fields = [f.name for f in model._meta.concrete_fields if f.editable and not f.primary_key]
    _specs[model] = Spec(model, list(fields), list(related), tuple(keep_on_restore), classify)
    return _specs[model]


def spec_for(model):
    return _specs.get(model._meta.concrete_model)


def registered_models():
    return list(_specs)


def children_models():
    """``{child model: (root model, fk attname)}`` for every registered ``Children`` relation."""
    found = {}
    for model, spec in _specs.items():
        for rel in spec.related:
            if isinstance(rel, Children):
                child, fk = rel.model_and_fk(model)
                found[child] = (model, child._meta.get_field(fk).attname)
    return found


def tagged_models():
    return [model for model, spec in _specs.items() if any(isinstance(rel, Tags) for rel in spec.related)]


def _json(value):
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or ""
    return value


def _label(obj, f):
    value = getattr(obj, f.attname)
    if value is None or value == "":
        return ""
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(f, models.ForeignKey):
        return str(getattr(obj, f.name))
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%d %b %Y %H:%M")
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(_json(value))
