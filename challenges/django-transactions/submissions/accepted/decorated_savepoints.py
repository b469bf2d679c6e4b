"""Accepted too: @transaction.atomic as a decorator, an explicit nested atomic block per
batch item, and functools.partial for the hook (so each receipt keeps its own values)."""

import functools

from django.db import IntegrityError, transaction
from django.db.models import F

from bank.errors import InsufficientFunds
from bank.mail import send_mail
from bank.models import Account, AuditEntry, Transfer


def _check(source, target, amount):
    if type(amount) is not int or amount <= 0:
        raise ValueError(f"invalid amount {amount!r}")
    if source == target:
        raise ValueError("source and target are the same account")


@transaction.atomic
def transfer(reference, source, target, amount):
    _check(source, target, amount)
    accounts = {account.name: account for account in Account.objects.filter(name__in=[source, target])}
    if source not in accounts or target not in accounts:
        raise Account.DoesNotExist(f"no account named {source if source not in accounts else target}")
    if accounts[source].balance < amount:
        raise InsufficientFunds(source)
    Transfer.objects.create(reference=reference, source=accounts[source], target=accounts[target], amount=amount)
    Account.objects.filter(pk=accounts[source].pk).update(balance=F("balance") - amount)
    Account.objects.filter(pk=accounts[target].pk).update(balance=F("balance") + amount)
    AuditEntry.objects.create(message=f"{reference}: {source} -> {target} {amount}")
    transaction.on_commit(functools.partial(send_mail, source, f"receipt {reference}"))


@transaction.atomic
def transfer_batch(items):
    outcomes = []
    for item in items:
        try:
            with transaction.atomic():
                transfer(item["reference"], item["source"], item["target"], item["amount"])
            outcomes.append("ok")
        except InsufficientFunds:
            outcomes.append("insufficient funds")
        except Account.DoesNotExist:
            outcomes.append("unknown account")
        except IntegrityError:
            outcomes.append("duplicate reference")
        except ValueError:
            outcomes.append("invalid")
    succeeded = outcomes.count("ok")
    AuditEntry.objects.create(message=f"batch: {succeeded} ok, {len(outcomes) - succeeded} failed")
    return outcomes
