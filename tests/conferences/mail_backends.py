"""Mail backends that fail, for the delivery tests: real Django backends, broken on purpose."""

from django.core.mail.backends.locmem import EmailBackend as LocmemBackend


class RefusesSomeRecipients(LocmemBackend):
    """Keeps messages like locmem, but raises for a recipient whose address starts with ``refused``."""

    def send_messages(self, messages):
        for message in messages:
            if any(address.startswith("refused") for address in message.to):
                raise ConnectionResetError(f"550 mailbox unavailable: {message.to[0]}")
        return super().send_messages(messages)


class CannotConnect(LocmemBackend):
    """A mail server that is down: opening the connection fails."""

    def open(self):
        raise ConnectionRefusedError("[Errno 111] Connection refused")
