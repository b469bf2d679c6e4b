"""Helpers shared by the framework challenges' harnesses: importable as `harnesskit`.

The runner loads this file by its path into `sys.modules["harnesskit"]` before it loads a
package's harness.py (cold, or once in a warm runner that preloads the harness), so a
harness writes `import harnesskit` at its top. It is never found on `sys.path`: the runner's
own folder is not on it, so no file a candidate writes can stand in for it.

Standard library only at import time: Django, SQLAlchemy, Celery, Flask and pydantic are
imported inside the functions that need them, from the challenge's environment.

- `plain(value)`: a result as plain JSON data, never the candidate's objects.
- `describe(error)`, `one_line(error)`: an exception as a readable "Type: message".
- `django_setup(app, submodules, **settings)`: Django configured without files (settings in
  memory, an app made of in-memory modules, an in-memory SQLite database), and
  `django_create_tables(*models)`.
- `django_errors()`: the exceptions a candidate's wrong query raises, to report as data.
- `django_queries(budget, cutoff)`, `SQLAlchemyQueries(engine).counting(budget, cutoff)`:
  the SQL statements a block runs, counted for a query budget (`QueryLog`).
- `quiet_test_client_warnings()`, `response_body(response)`: for FastAPI's TestClient.
- `celery_eager_app(main, **conf)`, `CeleryDeliveries(max_runs)`: Celery tasks run eagerly,
  in this process, each delivery's runs and retry countdowns recorded.
- `flask_app(value, call)`, `flask_request(client, request)`, `flask_response(response)`:
  requests through Flask's own test client.
- `pydantic_model(solution, name)`, `pydantic_errors(error)`: a pydantic model looked up,
  and a ValidationError as data (each error's location, type and message).
"""

import contextlib
import re
import sys
import types
import warnings

MAX_DEPTH = 20
# How much of the last statement a query budget's message quotes.
STATEMENT_CHARS = 200


def plain(value, depth=0):
    """`value` as plain data (None, bool, int, float, str, lists, dicts with string keys);
    anything else as "<object Type>", and past 20 levels "<too deep>"."""
    if depth > MAX_DEPTH:
        return "<too deep>"
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, dict):
        return {str(key): plain(item, depth + 1) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(item, depth + 1) for item in value]
    return f"<object {type(value).__name__}>"


def describe(error, limit=None):
    """An exception as "Type: message" (a Django FieldError, a pydantic ValidationError);
    the message cut at `limit` characters when given."""
    message = str(error)
    if limit is not None:
        message = message[:limit]
    return f"{type(error).__name__}: {message}"


def one_line(error, limit=300):
    """An exception as "Type: first line of its message", object addresses left out (they
    change every run) and the message cut at `limit` characters: for SQLAlchemy's errors,
    whose messages run over many lines."""
    lines = str(error).splitlines() or [""]
    message = re.sub(r" at 0x[0-9a-f]+", "", lines[0])
    return f"{type(error).__name__}: {message[:limit]}"


def quiet_test_client_warnings():
    """Silences the deprecation warnings FastAPI's TestClient (httpx, Starlette) prints on
    import and use: call it before `from fastapi.testclient import TestClient`."""
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    warnings.filterwarnings("ignore", message=".*httpx.*")


def response_body(response):
    """A TestClient response's JSON body; None when it has no body, and
    {"not_json": the first 200 characters} when the body is not JSON."""
    if not response.content:
        return None
    try:
        return response.json()
    except ValueError:
        return {"not_json": response.text[:200]}


class TooManyQueries(Exception):
    """Raised by the counting hook past a `QueryLog`'s cutoff: far over the budget the answer
    is wrong already, and a query per row over thousands of rows would otherwise run into
    the time limit first."""


class QueryLog:
    """The SQL statements run while counting, for a budget of `budget` queries; past
    `cutoff` statements (None: no cutoff) the next one raises `TooManyQueries`."""

    def __init__(self, budget, cutoff=None):
        self.budget = budget
        self.cutoff = cutoff
        self.statements = []

    def __len__(self):
        return len(self.statements)

    def record(self, statement):
        self.statements.append(statement)
        if self.cutoff is not None and len(self.statements) > self.cutoff:
            raise TooManyQueries()

    @property
    def cut_off(self):
        """True when the block ran past the cutoff (and was stopped there)."""
        return self.cutoff is not None and len(self.statements) > self.cutoff

    def within(self):
        return len(self.statements) <= self.budget

    def summary(self, within_text=None):
        """`within_text` (default "at most N") when the budget held; otherwise how many
        queries ran, the budget and the last statement (at the cutoff, the last before it),
        so that the difference shows why."""
        if self.cut_off:
            last = self.statements[self.cutoff - 1][:STATEMENT_CHARS]
            return f"over {self.cutoff} queries, at most {self.budget} allowed; the last: {last}"
        if self.within():
            return within_text if within_text is not None else f"at most {self.budget}"
        last = self.statements[-1][:STATEMENT_CHARS]
        return f"{len(self.statements)} queries, at most {self.budget} allowed; the last: {last}"

    def fact(self):
        """The count for a case's `fact("queries", ...)`: "4 (budget 3)", "over 53 (budget 3)"."""
        if self.cut_off:
            return f"over {self.cutoff} (budget {self.budget})"
        return f"{len(self.statements)} (budget {self.budget})"


def django_setup(app=None, submodules=(), **settings):
    """Django configured in memory, then `django.setup()`; call once, at the harness's top.

    With `app` ("blog"), an app of that label made of in-memory modules: the package `app`,
    `app.apps` (its AppConfig, path /judge, AutoField keys) and `app.models`, plus one empty
    module `app.NAME` for each of `submodules`. The models module joins `sys.modules` only
    after set-up; define the models with `class Meta: app_label = "blog"` and
    `__module__ = "blog.models"`, then `register(namespace.models, *models)`.
    The settings: DEBUG off, an in-memory SQLite database, USE_TZ off, AutoField keys, the
    app installed; `settings` adds to them or replaces them.
    Returns a namespace with `package`, `apps`, `models` and each of `submodules` (None for
    each without `app`)."""
    import django
    from django.apps import AppConfig
    from django.conf import settings as django_settings

    namespace = types.SimpleNamespace(package=None, apps=None, models=None)
    installed = []
    if app is not None:
        package = types.ModuleType(app)
        package.__path__ = []
        namespace.package = package
        for name in ("apps", "models", *submodules):
            module = types.ModuleType(f"{app}.{name}")
            setattr(package, name, module)
            setattr(namespace, name, module)
            if name != "models":
                sys.modules[module.__name__] = module
        sys.modules[app] = package
        config_name = f"{app.capitalize()}Config"
        config = type(config_name, (AppConfig,), {
            "name": app,
            "path": "/judge",
            "default_auto_field": "django.db.models.AutoField",
            "__module__": f"{app}.apps",
        })
        setattr(namespace.apps, config_name, config)
        installed.append(f"{app}.apps.{config_name}")
    configured = {
        "DEBUG": False,
        "DATABASES": {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
        "INSTALLED_APPS": installed,
        "USE_TZ": False,
        "DEFAULT_AUTO_FIELD": "django.db.models.AutoField",
    }
    configured.update(settings)
    django_settings.configure(**configured)
    django.setup()
    if namespace.models is not None:
        sys.modules[namespace.models.__name__] = namespace.models
    return namespace


def register(module, *objects):
    """Each of `objects` (models, exceptions, functions) as an attribute of `module`, by its
    `__name__`: what `from blog.models import Post` finds."""
    for item in objects:
        setattr(module, item.__name__, item)


def django_create_tables(*models):
    """The tables of `models` in the default database (no migrations: the schema editor)."""
    from django.db import connection

    with connection.schema_editor() as editor:
        for model in models:
            editor.create_model(model)


def django_errors():
    """The exceptions a candidate's wrong query or wrong use of a result raises (a Django
    FieldError, FieldDoesNotExist, ObjectDoesNotExist; a TypeError, ValueError,
    AttributeError): report them as `{"error": describe(error)}`, data to compare."""
    from django.core.exceptions import FieldDoesNotExist, FieldError, ObjectDoesNotExist

    return (FieldError, FieldDoesNotExist, ObjectDoesNotExist, TypeError, ValueError, AttributeError)


@contextlib.contextmanager
def django_queries(budget, cutoff=None):
    """Counts the SQL the block runs on Django's default connection (its
    `execute_wrapper`): yields the `QueryLog`. Evaluate a returned QuerySet inside the
    block, or its queries are not counted."""
    from django.db import connection

    log = QueryLog(budget, cutoff)

    def count(execute, sql, params, many, context):
        log.record(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        yield log


class SQLAlchemyQueries:
    """Counts the SQL an engine runs (its `before_cursor_execute` event), while asked."""

    def __init__(self, engine):
        from sqlalchemy import event

        self._log = None
        event.listen(engine, "before_cursor_execute", self._count)

    def _count(self, conn, cursor, statement, parameters, context, executemany):
        if self._log is not None:
            self._log.record(statement)

    @contextlib.contextmanager
    def counting(self, budget, cutoff=None):
        """Yields the `QueryLog` of the statements the block runs."""
        self._log = QueryLog(budget, cutoff)
        try:
            yield self._log
        finally:
            self._log = None

    @staticmethod
    def cut_off(error):
        """True when `error` (as SQLAlchemy may wrap it) is the counting hook's
        `TooManyQueries`."""
        return isinstance(error, TooManyQueries) or isinstance(getattr(error, "orig", None), TooManyQueries)


def celery_eager_app(main, **conf):
    """A Celery app named `main`, made current and finalized, that runs tasks eagerly: a
    message sent with `apply_async` runs at once in this process, and a retry runs at once
    too, nested, instead of after its countdown. Nothing sleeps, nothing touches the
    network. A failure is data (the result's FAILURE state), as a worker records it: with
    propagation on, an eager retry would escape as celery.exceptions.Retry instead.
    `conf` adds to the configuration or replaces it. Make it at the harness's top, so that
    Celery is imported once, in the prepared parent."""
    from celery import Celery

    app = Celery(main, set_as_current=True)
    app.conf.update(
        task_always_eager=True,
        task_eager_propagates=False,
        task_store_eager_result=False,
        broker_url="memory://",
        result_backend=None,
        worker_hijack_root_logger=False,
    )
    app.conf.update(conf)
    app.finalize()
    return app


class Runaway(BaseException):
    """The harness's stop for a task that retries without bound (not an Exception, so no
    `autoretry_for` catches it, and Celery's signal dispatch, which logs an Exception a
    receiver raises, lets it through)."""


class CeleryDeliveries:
    """Delivers messages to eager tasks and records, from Celery's own signals, what each
    delivery did: `runs` (how many times a task body ran, `task_prerun`) and `countdowns`
    (the countdown each retry asked for, `task_retry`'s `Retry.when`). Past `max_runs` runs
    of one delivery the next raises `Runaway`. Make one at the harness's top."""

    def __init__(self, max_runs):
        from celery import signals

        self.max_runs = max_runs
        self.runs = 0
        self.countdowns = []
        signals.task_prerun.connect(self._count_run, weak=False)
        signals.task_retry.connect(self._record_retry, weak=False)

    def _count_run(self, sender=None, **_):
        self.runs += 1
        if self.runs > self.max_runs:
            raise Runaway()

    def _record_retry(self, sender=None, reason=None, **_):
        when = getattr(reason, "when", None)
        self.countdowns.append(when if isinstance(when, (int, float)) or when is None else str(when))

    def deliver(self, task, args, task_id):
        """Sends the message (`args`, `task_id`: the same id again is a redelivery) and
        returns `(state, result)`: ("SUCCESS", the return value as `plain` data),
        (the state, the exception) on a failure, or ("RUNAWAY", "stopped after N runs")."""
        self.runs, self.countdowns = 0, []
        try:
            result = task.apply_async(args=args, task_id=task_id)
        except Runaway:
            return "RUNAWAY", f"stopped after {self.max_runs} runs"
        if result.state == "SUCCESS":
            return "SUCCESS", plain(result.result)
        return result.state, result.result


def flask_app(value, call="create_app()"):
    """`value` when it is a Flask application; otherwise a TypeError saying that `call`
    must return one (the candidate's mistake: an RE, with the reason)."""
    import flask

    if not isinstance(value, flask.Flask):
        raise TypeError(f"{call} must return a Flask application")
    return value


def flask_request(client, request, data_content_type=None):
    """Sends `request` ({"method", "path", "json"?, "data"?: a raw body}) through a Flask
    test client (`app.test_client()`) and returns the response; a raw body is sent with
    `data_content_type` as its Content-Type when given."""
    options = {}
    if "json" in request:
        options["json"] = request["json"]
    if "data" in request:
        options["data"] = request["data"]
        if data_content_type is not None:
            options["content_type"] = data_content_type
    return client.open(request["path"], method=request["method"], **options)


def flask_response(response):
    """A Flask test response as data: {"status", "json": the body} when it is JSON,
    otherwise {"status", "content_type": its type without parameters}."""
    entry = {"status": response.status_code}
    if response.is_json:
        entry["json"] = response.get_json(silent=True)
    else:
        entry["content_type"] = response.mimetype or ""
    return entry


def pydantic_model(solution, name):
    """The candidate's `name`, when it is a pydantic BaseModel subclass; otherwise a
    TypeError saying so."""
    import pydantic

    model = getattr(solution, name, None)
    if not (isinstance(model, type) and issubclass(model, pydantic.BaseModel)):
        raise TypeError(f"{name} must be a pydantic BaseModel subclass")
    return model


def pydantic_errors(error, messages=("value_error",)):
    """A pydantic ValidationError as data: one {"loc": [...], "type": str} per error, its
    location parts as strings or ints; errors of the types in `messages` also carry "msg",
    the message the candidate's validator raised (not pydantic's "Value error, " prefix).
    Other messages are left out: they change between pydantic versions."""
    found = []
    for item in error.errors():
        loc = [part if isinstance(part, (str, int)) and not isinstance(part, bool) else str(part) for part in item["loc"]]
        entry = {"loc": loc, "type": str(item["type"])}
        if item["type"] in messages:
            cause = (item.get("ctx") or {}).get("error")
            entry["msg"] = str(cause) if cause is not None else str(item["msg"])
        found.append(entry)
    return found
