"""Old addresses keep working: when a public object's slug changes, its old path redirects (301) to the new.

Apps name the models to watch with ``editorial.track_slugs(Model, url=lambda slug: path, when=is_public,
public=lambda: Model.objects.published())``. The stored slug is read in ``pre_save`` (one query, only for
an object already stored) and compared after. A redirect leads to its object, not to a path: it is
followed only while the object is among ``public()``, to its address of the moment (``public_url``),
and it goes when the object is deleted.
"""

from django.db.models.signals import post_delete, post_save, pre_save

_tracked = {}


def track_slugs(model, *, url, when=None, public=None, field="slug"):
    """``url(slug)`` is the object's path; ``when(obj)`` says whether its old address was public;
    ``public()`` is the queryset of the objects readers may be sent to (all of them by default)."""
    _tracked[model] = (url, when, public or model._default_manager.all, field)


def public_url(model, pk):
    """The address of ``model``'s object ``pk`` while readers may see it, else ``None`` (one query)."""
    if model not in _tracked:
        return None
    url, _when, public, field = _tracked[model]
    slug = public().filter(pk=pk).order_by().values_list(field, flat=True).first()
    return None if slug is None else url(slug)


def _remember_stored_slug(sender, instance, raw=False, **kwargs):
    if raw or sender not in _tracked or instance._state.adding or instance.pk is None:
        return
    _url, when, _public, field = _tracked[sender]
    stored = sender._default_manager.filter(pk=instance.pk).values_list(field, flat=True).first()
    instance._editorial_stored_slug = stored
    if stored is not None and stored != getattr(instance, field) and when is not None:
        old = sender._default_manager.get(pk=instance.pk)
        instance._editorial_was_public = when(old)


def _redirect_old_slug(sender, instance, raw=False, **kwargs):
    if raw or sender not in _tracked:
        return
    from .models import Redirect

    url, _when, _public, field = _tracked[sender]
    stored = instance.__dict__.pop("_editorial_stored_slug", None)
    was_public = instance.__dict__.pop("_editorial_was_public", True)
    if stored is None or stored == getattr(instance, field) or not was_public:
        return
    Redirect.moved(url(stored), url(getattr(instance, field)), obj=instance)


def _forget_deleted(sender, instance, **kwargs):
    if sender not in _tracked:
        return
    from .models import Redirect

    Redirect.objects.leading_to(instance).delete()


def connect_signals():
    pre_save.connect(_remember_stored_slug, dispatch_uid="editorial:slugs:pre_save")
    post_save.connect(_redirect_old_slug, dispatch_uid="editorial:slugs:post_save")
    post_delete.connect(_forget_deleted, dispatch_uid="editorial:slugs:post_delete")
