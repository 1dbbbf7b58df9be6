"""Editors and their admin forms, for the desk's tests."""

import pytest
from django.contrib.auth.models import Group, User


def make_editor(username):
    user = User.objects.create_user(username, f"{username}@example.org", "pw-for-tests-only", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def eda(db):
    return make_editor("eda")


@pytest.fixture
def editor_client(client, eda):
    client.force_login(eda)
    return client


def form_data(response, **overrides):
    """The POST an editor's browser would send from an admin change page, with ``overrides``."""
    data = {}
    form = response.context["adminform"].form
    for name in form.fields:
        bound = form[name]
        widget = bound.field.widget
        value = bound.value()
        if hasattr(widget, "widgets") and hasattr(widget, "decompress"):  # split date and time
            parts = widget.decompress(value) if not isinstance(value, list) else value
            for index, part in enumerate(parts):
                data[f"{bound.html_name}_{index}"] = "" if part is None else str(part)
        elif value is None or (hasattr(value, "name") and not value):
            data[bound.html_name] = ""
        elif isinstance(value, bool):
            if value:
                data[bound.html_name] = "on"
        elif isinstance(value, list | tuple):
            data[bound.html_name] = [str(v) for v in value]
        else:
            data[bound.html_name] = str(value) if not hasattr(value, "url") else ""
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for name in formset.management_form.fields:
            data[formset.management_form.add_prefix(name)] = formset.management_form[name].value()
        for subform in formset.forms:
            for name in subform.fields:
                value = subform[name].value()
                data[subform.add_prefix(name)] = "" if value is None else str(value)
    data.update(overrides)
    return {k: v for k, v in data.items() if not (isinstance(v, str) and k.endswith("photo") and not v)}
