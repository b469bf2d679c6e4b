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

import sys
import types

import django
from django.conf import settings

# The models live in an app "bank" made here (no files): its package and AppConfig are
# registered before set-up, its models module is filled in after it.
bank = types.ModuleType("bank")
bank.__path__ = []
bank_apps = types.ModuleType("bank.apps")
bank_models = types.ModuleType("bank.models")
bank_errors = types.ModuleType("bank.errors")
bank_mail = types.ModuleType("bank.mail")
bank.apps, bank.models, bank.errors, bank.mail = bank_apps, bank_models, bank_errors, bank_mail
sys.modules.update({"bank": bank, "bank.apps": bank_apps, "bank.errors": bank_errors, "bank.mail": bank_mail})

from django.apps import AppConfig  # noqa: E402


class BankConfig(AppConfig):
    name = "bank"
    path = "/judge"
    default_auto_field = "django.db.models.AutoField"


BankConfig.__module__ = "bank.apps"
bank_apps.BankConfig = BankConfig

settings.configure(
    DEBUG=False,
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
    INSTALLED_APPS=["bank.apps.BankConfig"],
    USE_TZ=False,
    DEFAULT_AUTO_FIELD="django.db.models.AutoField",
)
django.setup()
sys.modules["bank.models"] = bank_models

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


for model in (Account, Transfer, AuditEntry):
    setattr(bank_models, model.__name__, model)


class InsufficientFunds(Exception):
    """The source account's balance is less than the amount."""

    __module__ = "bank.errors"


bank_errors.InsufficientFunds = InsufficientFunds

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
bank_mail.send_mail = send_mail

with connection.schema_editor() as editor:
    for model in (Account, Transfer, AuditEntry):
        editor.create_model(model)


class _CallerRollback(Exception):
    """Raised by the harness to roll back the caller's transaction."""


def _plain(value, depth=0):
    if depth > 20:
        return "<too deep>"
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, dict):
        return {str(key): _plain(item, depth + 1) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item, depth + 1) for item in value]
    return f"<object {type(value).__name__}>"


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
                    observed["returned"] = _plain(_call(solution, step))
                    raise _CallerRollback
            except _CallerRollback:
                pass
        else:
            observed["returned"] = _plain(_call(solution, step))
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
