"""Transfers with transaction.atomic, savepoints and on_commit hooks. See statement.md."""

from django.db import IntegrityError, transaction  # noqa: F401

from bank.errors import InsufficientFunds  # noqa: F401
from bank.mail import send_mail  # noqa: F401
from bank.models import Account, AuditEntry, Transfer  # noqa: F401


def transfer(reference, source, target, amount):
    """Move `amount` from the account named `source` to the one named `target`: all of it
    or nothing, one Transfer row, one AuditEntry, a receipt mailed after the commit."""
    raise NotImplementedError


def transfer_batch(items):
    """Apply each item ({"reference", "source", "target", "amount"}) on its own, in one
    transaction; return one outcome string per item."""
    raise NotImplementedError
