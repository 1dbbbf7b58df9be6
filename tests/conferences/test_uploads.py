"""Uploads never vanish: a name that cannot be kept gets a generated one, two files for one field are
refused, a file whose submission is not stored is removed, a failing storage keeps what was typed,
and orphans are reported and removed."""

import io
import os
import time

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import OperationalError, connection
from django.test import Client

from caucasuscenter.shared.uploads import safe_file_name
from conferences.models import OutgoingEmail, SimulationSubmission

from .html import field_errors, texts
from .live import busy_server  # noqa: F401 (fixture)
from .test_letters_and_simulations import series, simulation_data, simulation_url  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj\n"


def stored():
    from conferences.management.commands.purge_orphan_uploads import stored_files

    return sorted(stored_files(default_storage, "simulations"))


@pytest.mark.parametrize(
    "name",
    [
        "bad\r\nname.pdf",
        "bell\x07.pdf",
        "nul\x00.pdf",
        "\u202egnp.pdf",
        "zero\u200bwidth.pdf",
        "\ufffd\ufffd.pdf",
        "../../etc/passwd.pdf",
        "C:\\Users\\me\\paper.pdf",
        "....",
        " .pdf",
        "x" * 300 + ".pdf",
    ],
)
def test_a_name_that_cannot_be_kept_becomes_a_generated_one_with_its_extension(name):
    safe = safe_file_name(name)
    assert safe.startswith("upload-")
    assert safe.endswith(".pdf") or name == "...."
    assert all(ch.isalnum() or ch in "-." for ch in safe)


@pytest.mark.parametrize("name", ["scenarios.pdf", "Sənəd 2024.pdf", "отчёт.docx", "تقرير.pdf"])
def test_a_name_that_can_be_kept_is_kept(name):
    assert safe_file_name(name) == name


@pytest.mark.parametrize("name", ["\u202egnp.pdf", "zero\u200bwidth.pdf", "\ufffd\ufffd.pdf", "...pdf"])
def test_a_simulation_with_such_a_name_is_stored_with_its_file(client, series, name):  # noqa: F811
    response = client.post(simulation_url(series), simulation_data(text="", file=SimpleUploadedFile(name, PDF)))

    assert response.status_code == 302
    simulation = SimulationSubmission.objects.get()
    assert stored() == [simulation.file.name]
    with simulation.file.open("rb"):
        assert simulation.file.read() == PDF


def test_two_files_for_one_field_are_refused_and_nothing_is_stored(client, series):  # noqa: F811
    files = [SimpleUploadedFile("one.pdf", PDF), SimpleUploadedFile("two.pdf", PDF)]
    response = client.post(simulation_url(series), simulation_data(file=files))

    assert response.status_code == 200
    assert field_errors(response)["file"] == [
        "Send one file here: 2 were sent. Choose the one you mean and send the form again."
    ]
    assert SimulationSubmission.objects.count() == 0
    assert stored() == []


@pytest.mark.django_db(transaction=True)
def test_a_file_whose_submission_is_rolled_back_is_removed(series):  # noqa: F811
    def fail_on_the_mail(execute, sql, params, many, context):
        if 'INSERT INTO "conferences_outgoingemail"' in sql:
            raise OperationalError("the connection was lost")  # after the file and the row were written
        return execute(sql, params, many, context)

    reader = Client(raise_request_exception=False)
    with connection.execute_wrapper(fail_on_the_mail):
        response = reader.post(simulation_url(series), simulation_data(file=SimpleUploadedFile("s.pdf", PDF)))

    assert response.status_code == 503
    assert (SimulationSubmission.objects.count(), OutgoingEmail.objects.count()) == (0, 0)
    assert stored() == []


def test_a_storage_that_cannot_write_keeps_what_was_typed_and_stores_nothing(client, series, settings):  # noqa: F811
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "tests.conferences.storage_faults.FullDiskStorage"},
    }
    data = simulation_data(title="Scenarios typed with care", file=SimpleUploadedFile("s.pdf", PDF))
    response = client.post(simulation_url(series), data)

    assert response.status_code == 503
    assert texts(response, "conf-refusal")[0].startswith("We could not store your submission just now")
    assert response.context["form"]["title"].value() == "Scenarios typed with care"
    assert SimulationSubmission.objects.count() == 0


def test_orphan_files_are_reported_and_removed_and_fresh_ones_are_left(client, series):  # noqa: F811
    client.post(simulation_url(series), simulation_data(file=SimpleUploadedFile("kept.pdf", PDF)))
    referred = SimulationSubmission.objects.get().file.name
    old = default_storage.save("simulations/abandoned/old.pdf", ContentFile(PDF))
    fresh = default_storage.save("simulations/abandoned/fresh.pdf", ContentFile(PDF))
    a_day_ago = time.time() - 25 * 3600
    os.utime(default_storage.path(old), (a_day_ago, a_day_ago))

    dry = io.StringIO()
    call_command("purge_orphan_uploads", "--dry-run", stdout=dry)
    assert "1 orphan file(s) would remove" in dry.getvalue()
    assert old in dry.getvalue()
    out = io.StringIO()
    call_command("purge_orphan_uploads", stdout=out)

    assert out.getvalue().splitlines()[-1] == "1 orphan file(s) removed; 0 left."
    assert stored() == sorted([referred, fresh])


@pytest.mark.django_db(transaction=True)
def test_a_sender_who_disconnects_mid_upload_leaves_no_row_no_file_and_no_mail(busy_server, series):  # noqa: F811
    import socket
    import urllib.parse

    from .live import Browser

    browser = Browser(busy_server)
    path = simulation_url(series)
    browser.get(path)  # the form, and its CSRF cookie
    token = next(cookie.value for cookie in browser.cookies if cookie.name == "csrftoken")
    boundary = "----ccsis-test-boundary"
    fields = simulation_data(csrfmiddlewaretoken=token)
    head = "".join(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n' for k, v in fields.items()
    )
    head += f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\n'
    head += "Content-Type: application/pdf\r\n\r\n%PDF-1.7\n"
    host = urllib.parse.urlsplit(busy_server)
    request = (
        f"POST {path} HTTP/1.1\r\nHost: {host.hostname}:{host.port}\r\n"
        f"Content-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: 5000000\r\n"
        f"Cookie: csrftoken={token}\r\nReferer: {busy_server}{path}\r\nConnection: close\r\n\r\n"
    )
    with socket.create_connection((host.hostname, host.port), timeout=10) as sock:
        sock.sendall(request.encode() + head.encode() + b"x" * 200_000)  # then the sender goes away
    time.sleep(1.0)  # the server reads what came and gives up on the rest

    assert (SimulationSubmission.objects.count(), OutgoingEmail.objects.count()) == (0, 0)
    assert stored() == []
