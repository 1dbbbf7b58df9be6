"""What a file sent with a simulation may be: its types (each checked by its first bytes, not only
its name), its size, and for plain text its encoding."""

from django.core.exceptions import ValidationError

SIMULATION_EXTENSIONS = {
    ".pdf": (b"%PDF",),
    ".docx": (b"PK\x03\x04",),
    ".odt": (b"PK\x03\x04",),
    ".doc": (b"\xd0\xcf\x11\xe0",),
    ".rtf": (b"{\\rtf",),
    ".txt": None,
    ".md": None,
}
SIMULATION_MAX_BYTES = 10 * 1024 * 1024
SIMULATION_MAX_CHARACTERS = 100_000
FILE_TYPE_MESSAGE = "Attach a PDF, Word (.docx or .doc), OpenDocument (.odt), RTF or plain-text file."


def validate_simulation_file(upload):
    name = upload.name.lower()
    extension = name[name.rfind(".") :] if "." in name else ""
    if extension not in SIMULATION_EXTENSIONS:
        raise ValidationError(FILE_TYPE_MESSAGE, code="file_type")
    if upload.size > SIMULATION_MAX_BYTES:
        raise ValidationError(
            "The file is %(size)s MB; attach one of at most 10 MB, or paste the text.",
            code="file_size",
            params={"size": f"{upload.size / 1024 / 1024:.1f}"},
        )
    head = upload.read(2048)
    upload.seek(0)
    signatures = SIMULATION_EXTENSIONS[extension]
    if signatures is None:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as error:
            if len(head) < 2048 or error.start < len(head) - 4:  # a character cut at the end is fine
                raise ValidationError(
                    "This text file is not UTF-8 text; save it as UTF-8 or attach a PDF.", code="file_content"
                ) from error
    elif not head.startswith(signatures):
        raise ValidationError(
            "This file's content does not match its name (%(extension)s); please attach it again.",
            code="file_content",
            params={"extension": extension},
        )
