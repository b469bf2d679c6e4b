"""Custom harness for the transaction-context challenge.

Input schema (``case_input`` is a dict):

    {"conns": {"a": {"fail_commits": [int, ...]}, ...},   optional; connections "a" and
                                   "b" always exist. fail_commits: the 1-based numbers of the COMMIT
                                   statements on that connection that fail (DatabaseError
                                   "deferred constraint failed"; the transaction stays open)
     "steps": [STEP, ...]}

  STEP is one of
    {"exec": [CONN, SQL]}           conn.execute(SQL) directly (body code or setup)
    {"tx": CONN, "body": [STEP, ...], "check_as": bool}
                                    with solution.transaction(conn) as target: run body
                                    (check_as: log whether target is the connection)
    {"raise": TYPE, "message": str} raise TYPE(message); TYPE is one of ValueError,
                                    RuntimeError, BodyError (an Exception subclass),
                                    KeyboardInterrupt, SystemExit
    {"catch": [STEP, ...]}          run the steps and catch any BaseException

Returns
    {"events": [str, ...],          in order: "a: SQL" for every statement executed on a
                                    connection ("a: SQL -> DatabaseError: msg" when the fake
                                    database rejected it), "raise TYPE: msg", "as: ...",
                                    "caught TYPE: msg (original|not original)" or
                                    "caught nothing"
     "escaped": null | "TYPE: msg (original|not original)",   what left the whole script
     "state": {CONN: "idle" | "in transaction" | "in transaction, savepoints: sp_1, ..."}}
"original" means the very exception object raised by the script or by the fake database.
"""


class DatabaseError(Exception):
    """Raised by the fake database when a statement is rejected."""


class BodyError(Exception):
    """An application error raised inside a transaction body."""


_RAISABLE = {
    "ValueError": ValueError,
    "RuntimeError": RuntimeError,
    "BodyError": BodyError,
    "KeyboardInterrupt": KeyboardInterrupt,
    "SystemExit": SystemExit,
}


class Connection:
    """A fake DB-API-like connection that validates and records transaction statements."""

    def __init__(self, name, script, fail_commits=()):
        self._name = name
        self._script = script
        self._in_transaction = False
        self._savepoints = []
        self._commits = 0
        self._fail_commits = set(fail_commits)

    @property
    def in_transaction(self):
        return self._in_transaction

    def __repr__(self):
        return "<Connection %s>" % self._name

    def _reject(self, sql, message):
        error = DatabaseError(message)
        self._script.log("%s: %s -> DatabaseError: %s" % (self._name, sql, message))
        self._script.originals.append(error)
        raise error

    def execute(self, sql):
        if type(sql) is not str:
            self._reject(repr(sql), "statement must be a str")
        words = sql.split()
        if sql == "BEGIN":
            if self._in_transaction:
                self._reject(sql, "cannot start a transaction within a transaction")
            self._in_transaction = True
        elif sql == "COMMIT":
            if not self._in_transaction:
                self._reject(sql, "cannot commit - no transaction is active")
            self._commits += 1
            if self._commits in self._fail_commits:
                self._reject(sql, "deferred constraint failed")
            self._in_transaction = False
            self._savepoints = []
        elif sql == "ROLLBACK":
            if not self._in_transaction:
                self._reject(sql, "cannot rollback - no transaction is active")
            self._in_transaction = False
            self._savepoints = []
        elif words[:1] == ["SAVEPOINT"] and len(words) == 2:
            if not self._in_transaction:
                self._reject(sql, "SAVEPOINT outside a transaction")
            self._savepoints.append(words[1])
        elif words[:2] == ["RELEASE", "SAVEPOINT"] and len(words) == 3:
            index = self._find(sql, words[2])
            del self._savepoints[index:]
        elif words[:3] == ["ROLLBACK", "TO", "SAVEPOINT"] and len(words) == 4:
            index = self._find(sql, words[3])
            del self._savepoints[index + 1:]
        self._script.log("%s: %s" % (self._name, sql))

    def _find(self, sql, name):
        for index in range(len(self._savepoints) - 1, -1, -1):
            if self._savepoints[index] == name:
                return index
        self._reject(sql, "no such savepoint: %s" % name)

    def state(self):
        if not self._in_transaction:
            return "idle"
        if not self._savepoints:
            return "in transaction"
        return "in transaction, savepoints: " + ", ".join(self._savepoints)


class Script:
    def __init__(self, solution, conn_specs):
        self.solution = solution
        self.events = []
        self.originals = []
        names = {"a": {}, "b": {}}
        names.update(conn_specs)
        self.conns = {name: Connection(name, self, spec.get("fail_commits", ()))
                      for name, spec in sorted(names.items())}

    def log(self, text):
        self.events.append(text)

    def describe(self, error):
        try:
            message = str(error)
        except Exception:  # noqa: BLE001
            message = "<unprintable>"
        if type(message) is not str:
            message = "<unprintable>"
        original = any(error is own for own in self.originals)
        return "%s: %s (%s)" % (type(error).__name__, message,
                                "original" if original else "not original")

    def run_steps(self, steps):
        for step in steps:
            self.run_step(step)

    def run_step(self, step):
        if "exec" in step:
            name, sql = step["exec"]
            self.conns[name].execute(sql)
        elif "tx" in step:
            conn = self.conns[step["tx"]]
            with self.solution.transaction(conn) as target:
                if step.get("check_as"):
                    self.log("as: %s" % ("the connection" if target is conn
                                         else "<%s>" % type(target).__name__))
                self.run_steps(step.get("body", []))
        elif "raise" in step:
            error = _RAISABLE[step["raise"]](step.get("message", ""))
            self.log("raise %s: %s" % (step["raise"], step.get("message", "")))
            self.originals.append(error)
            raise error
        elif "catch" in step:
            try:
                self.run_steps(step["catch"])
            except BaseException as error:  # noqa: BLE001 - observed on purpose
                self.log("caught " + self.describe(error))
            else:
                self.log("caught nothing")
        else:
            raise ValueError("unknown step %r" % (step,))


def run(solution, case_input):
    script = Script(solution, case_input.get("conns", {}))
    escaped = None
    try:
        script.run_steps(case_input["steps"])
    except BaseException as error:  # noqa: BLE001 - KeyboardInterrupt too, on purpose
        escaped = script.describe(error)
    return {"events": list(script.events), "escaped": escaped,
            "state": {name: conn.state() for name, conn in script.conns.items()}}
