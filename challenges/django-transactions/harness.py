"""Custom harness for django-transactions.

Everything Django is set up here, at module level, once: the runner loads this harness in
its prepared parent before any case is forked, so importing Django, configuring settings
and creating the in-memory SQLite tables never count in a case's CPU time. Each case's
child starts from that state (a fork) with empty tables, so a case cannot change what the
next one sees.

The harness runs the real thing: plain `transaction.atomic` blocks on the connection, in
autocommit mode, so `transaction.on_commit` hooks run when the outermost block commits
(no TestCase, which would capture them).

The candidate imports `Account`, `Transfer`, `AuditEntry` from `bank.models`,
`InsufficientFunds` from `bank.errors` and `send_mail(to, subject)` from `bank.mail`, and
writes `transfer(reference, source, target, amount)` and `transfer_batch(items)`.

Input:  {"accounts": {name: balance, ...},
         "steps": [{"transfer": [reference, source, target, amount]}
                   | {"batch": [{"reference", "source", "target", "amount"}, ...]},
                   each with "caller_rolls_back": true (optional): the call runs inside
                   the caller's own atomic block, which then rolls back]}
Output: {"steps": [{"returned": value} | {"raised": "ExceptionType"},
                   with "mail": [[to, subject], ...] sent during the step, a mail sent
                   while a transaction was still open marked [to, subject, "before commit"],
                   one sent during a batch before the batch's own audit entry existed
                   (so before the batch committed as one transaction) marked
                   [to, subject, "before the batch committed"]],
         "balances": {name: balance}, "transfers": [references by id],
         "audit": [messages by id]}
"""

import harnesskit

# The models live in an app "bank" made in memory (no files), with the modules bank.errors
# and bank.mail beside its models.
bank = harnesskit.django_setup("bank", submodules=("errors", "mail"))

from django.db import connection, models, transaction  # noqa: E402


class Account(models.Model):
    name = models.CharField(max_length=50, unique=True)
    balance = models.IntegerField()

    class Meta:
        app_label = "bank"

    __module__ = "bank.models"


class Transfer(models.Model):
    reference = models.CharField(max_length=50, unique=True)
    source = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="outgoing")
    target = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="incoming")
    amount = models.IntegerField()

    class Meta:
        app_label = "bank"

    __module__ = "bank.models"


class AuditEntry(models.Model):
    message = models.CharField(max_length=200)

    class Meta:
        app_label = "bank"

    __module__ = "bank.models"


harnesskit.register(bank.models, Account, Transfer, AuditEntry)


class InsufficientFunds(Exception):
    """The source account's balance is less than the amount."""

    __module__ = "bank.errors"


harnesskit.register(bank.errors, InsufficientFunds)

OUTBOX = []


class _Batch:
    """During a batch step: how many batch audit entries there were before it."""

    audits_before = None


def _batch_audits():
    return AuditEntry.objects.filter(message__startswith="batch: ").count()


def send_mail(to, subject):
    """Send an e-mail (recorded by the judge: who, what, and whether a transaction was
    still open at that moment, or a batch not yet committed as a whole)."""
    entry = [str(to), str(subject)]
    if connection.in_atomic_block:
        entry.append("before commit")
    elif _Batch.audits_before is not None and _batch_audits() == _Batch.audits_before:
        # The batch's own audit entry is written last, inside its transaction: a receipt
        # sent before it exists was sent before the batch committed as one transaction.
        entry.append("before the batch committed")
    OUTBOX.append(entry)


send_mail.__module__ = "bank.mail"
harnesskit.register(bank.mail, send_mail)
harnesskit.django_create_tables(Account, Transfer, AuditEntry)


class _CallerRollback(Exception):
    """Raised by the harness to roll back the caller's transaction."""


def _call(solution, step):
    if "transfer" in step:
        return solution.transfer(*step["transfer"])
    return solution.transfer_batch([dict(item) for item in step["batch"]])


def _step(solution, step):
    OUTBOX.clear()
    _Batch.audits_before = _batch_audits() if "batch" in step else None
    observed = {}
    try:
        if step.get("caller_rolls_back"):
            try:
                with transaction.atomic():
                    observed["returned"] = harnesskit.plain(_call(solution, step))
                    raise _CallerRollback
            except _CallerRollback:
                pass
        else:
            observed["returned"] = harnesskit.plain(_call(solution, step))
    except Exception as error:  # noqa: BLE001 - the candidate's exception is the observation
        observed = {"raised": type(error).__name__}
        fact("raised", f"{type(error).__name__}: {error}")  # noqa: F821 - the runner's
    if connection.in_atomic_block:
        # A transaction left open (an atomic block entered and never left) would swallow
        # the next steps: say so, and the harness stops there.
        observed["left_open"] = "a transaction was still open after the call"
    observed["mail"] = list(OUTBOX)
    return observed


def run(solution, case_input):
    Account.objects.bulk_create(Account(name=name, balance=balance) for name, balance in case_input["accounts"].items())
    steps = []
    for step in case_input["steps"]:
        steps.append(_step(solution, step))
        if "left_open" in steps[-1]:
            break
    return {
        "steps": steps,
        "balances": dict(Account.objects.order_by("name").values_list("name", "balance")),
        "transfers": list(Transfer.objects.order_by("id").values_list("reference", flat=True)),
        "audit": list(AuditEntry.objects.order_by("id").values_list("message", flat=True)),
    }
