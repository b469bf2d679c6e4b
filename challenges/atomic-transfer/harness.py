"""Custom harness for the atomic-transfer challenge.

The harness builds an in-memory SQLite bank, hands the candidate's
``transfer(conn, from_id, to_id, amount)`` a real ``sqlite3.Connection`` (a subclass that
only watches the statements it executes), and observes what got **committed**.

Schema (created by the harness):

    CREATE TABLE accounts (id INTEGER PRIMARY KEY, owner TEXT NOT NULL,
                           balance INTEGER NOT NULL)

Input schema (``case_input`` is a dict):

    {"accounts": [[ID, OWNER, BALANCE], ...],
     "mode": "default" | "autocommit",   default: sqlite3.connect(":memory:") as is
                                         (isolation_level ""); autocommit: isolation_level
                                         None
     "frozen": [ID, ...],                optional: a trigger refuses any UPDATE that
                                         increases the balance of these accounts, with
                                         RAISE(ABORT, 'account <ID> is frozen')
     "locked": [ID, ...],                optional: same for UPDATEs that decrease the
                                         balance: 'account <ID> is locked'
     "transfers": [[FROM, TO, AMOUNT], ...],   called in order (values passed unchanged)
     "race": {"account": ID, "amount": A},     optional, see below
     "check_settings": BOOL}             optional: also report "settings_kept", whether
                                         conn.isolation_level was the same after every call

  After each call the harness records whether a transaction is still open, then rolls
  back whatever is uncommitted (as if the connection were returned to a pool).

    -> {"outcomes": [{"outcome": "ok" | RAISED, "open_transaction": bool}, ...],
        "balances": [[ID, BALANCE], ...]}        the committed state, by id
       RAISED = {"raised": "InsufficientFunds" | "AccountNotFound"}  (the candidate's
                classes, matched with isinstance) | {"raised": "ValueError"}
              | {"raised": TYPE, "message": str} for a sqlite3.Error
              | {"raised": TYPE} for anything else

  Race ("race" given; one transfer): another client withdraws A from ACCOUNT, only if
  the balance covers it (UPDATE ... WHERE balance >= A), and commits. It does so right
  before the first statement that ``transfer`` executes with NO transaction open, except
  the very first statement of the call (the gap between a read and the transaction that
  should have covered it); if there is no such moment, it withdraws after the call. The
  result must then be the same as running the transfer and the withdrawal one after the
  other, in one order or the other:
    -> {"serializable": bool, "open_transaction": bool}

  Large case: {"generate": {"accounts": N, "transfers": T, "seed": S}, "mode": ...}
    N accounts with random balances in [0, 1000], T random transfers with amounts in
    [1, 600] between two distinct existing accounts.
    -> {"ok": int, "insufficient": int, "other": int, "open_transactions": int,
        "total": sum of balances, "checksum": sum(id * balance) % 1000000007}

Only plain data built by the harness leaves ``run``.
"""

import random
import sqlite3

_WRITE_GUARD_SQL = "UPDATE accounts SET balance = balance - ? WHERE id = ? AND balance >= ?"


class _Cursor(sqlite3.Cursor):
    def execute(self, sql, parameters=(), /):
        self.connection._before_statement()
        return super().execute(sql, parameters)

    def executemany(self, sql, seq_of_parameters, /):
        self.connection._before_statement()
        return super().executemany(sql, seq_of_parameters)

    def executescript(self, sql_script, /):
        self.connection._before_statement()
        return super().executescript(sql_script)


class _Connection(sqlite3.Connection):
    """A real sqlite3.Connection that can play "another client" between statements."""

    _race = None          # (account, amount) while a race withdrawal is pending
    _statements = 0       # statements executed by the current call
    race_result = None    # None (not yet), True (withdrawn) or False (refused)

    def cursor(self, factory=_Cursor):
        return super().cursor(factory)

    def execute(self, sql, parameters=(), /):
        return self.cursor().execute(sql, parameters)

    def executemany(self, sql, seq_of_parameters, /):
        return self.cursor().executemany(sql, seq_of_parameters)

    def executescript(self, sql_script, /):
        return self.cursor().executescript(sql_script)

    def _before_statement(self):
        if self._race is not None and self._statements > 0 and not self.in_transaction:
            self.other_client_withdraws()
        self._statements += 1

    def other_client_withdraws(self):
        account, amount = self._race
        self._race = None
        cursor = sqlite3.Connection.execute(self, _WRITE_GUARD_SQL, (amount, account, amount))
        self.race_result = cursor.rowcount == 1
        sqlite3.Connection.commit(self)


def _connect(case_input, rows):
    mode = case_input.get("mode", "default")
    if mode == "autocommit":
        conn = sqlite3.connect(":memory:", factory=_Connection, isolation_level=None)
    else:
        conn = sqlite3.connect(":memory:", factory=_Connection)
    base_execute = sqlite3.Connection.execute
    base_execute(conn, "CREATE TABLE accounts (id INTEGER PRIMARY KEY, owner TEXT NOT NULL,"
                       " balance INTEGER NOT NULL)")
    sqlite3.Connection.executemany(conn, "INSERT INTO accounts (id, owner, balance)"
                                         " VALUES (?, ?, ?)", rows)
    for kind, ids in (("frozen", case_input.get("frozen", [])),
                      ("locked", case_input.get("locked", []))):
        compare = ">" if kind == "frozen" else "<"
        for account in ids:
            account = int(account)
            base_execute(conn, (
                "CREATE TRIGGER %s_%d BEFORE UPDATE OF balance ON accounts "
                "WHEN NEW.id = %d AND NEW.balance %s OLD.balance "
                "BEGIN SELECT RAISE(ABORT, 'account %d is %s'); END"
            ) % (kind, account, account, compare, account, kind))
    sqlite3.Connection.commit(conn)
    return conn


def _committed_balances(conn):
    sqlite3.Connection.rollback(conn)
    rows = sqlite3.Connection.execute(conn, "SELECT id, balance FROM accounts ORDER BY id")
    return [[int(account), int(balance)] for account, balance in rows.fetchall()]


def _classify(solution, error):
    for name in ("InsufficientFunds", "AccountNotFound"):
        cls = getattr(solution, name, None)
        if isinstance(cls, type) and isinstance(error, cls):
            return {"raised": name}
    if isinstance(error, sqlite3.Error):
        try:
            message = str(error)
        except Exception:  # noqa: BLE001 - a broken __str__
            message = "<unprintable>"
        if type(message) is not str:
            message = "<unprintable>"
        return {"raised": type(error).__name__, "message": message}
    return {"raised": type(error).__name__}


def _call(solution, conn, args):
    conn._statements = 0
    try:
        solution.transfer(conn, *args)
    except Exception as error:  # noqa: BLE001 - reported as an observation
        outcome = _classify(solution, error)
    else:
        outcome = "ok"
    open_transaction = bool(conn.in_transaction)
    sqlite3.Connection.rollback(conn)
    return outcome, open_transaction


def _serial(balances, transfer, race):
    """All serial outcomes: [(transfer outcome, final balances)] for both orders."""
    (from_id, to_id, amount) = transfer
    account, withdraw = race["account"], race["amount"]

    def do_transfer(state):
        state = dict(state)
        if from_id not in state or to_id not in state:
            return "AccountNotFound", state
        if state[from_id] < amount:
            return "InsufficientFunds", state
        state[from_id] -= amount
        state[to_id] += amount
        return "ok", state

    def do_withdraw(state):
        state = dict(state)
        if state.get(account, -1) >= withdraw:
            state[account] -= withdraw
        return state

    start = dict(balances)
    first = do_withdraw(start)
    outcome_a, final_a = do_transfer(first)
    outcome_b, after_b = do_transfer(start)
    final_b = do_withdraw(after_b)
    return [(outcome_a, final_a), (outcome_b, final_b)]


def _run_race(solution, case_input):
    rows = [tuple(row) for row in case_input["accounts"]]
    conn = _connect(case_input, rows)
    try:
        transfer = case_input["transfers"][0]
        conn._race = (case_input["race"]["account"], case_input["race"]["amount"])
        outcome, open_transaction = _call(solution, conn, transfer)
        if conn._race is not None:
            conn.other_client_withdraws()
        final = dict(_committed_balances(conn))
        observed = outcome if outcome == "ok" else outcome.get("raised")
        candidates = _serial({row[0]: row[2] for row in rows}, transfer, case_input["race"])
        serializable = any(observed == name and final == state for name, state in candidates)
        return {"serializable": serializable, "open_transaction": open_transaction}
    finally:
        conn.close()


def _run_generated(solution, case_input):
    gen = case_input["generate"]
    rng = random.Random(gen["seed"])
    n = gen["accounts"]
    rows = [(i, "owner%d" % i, rng.randint(0, 1000)) for i in range(1, n + 1)]
    transfers = []
    for _ in range(gen["transfers"]):
        a, b = rng.sample(range(1, n + 1), 2)
        transfers.append((a, b, rng.randint(1, 600)))
    conn = _connect(case_input, rows)
    try:
        counts = {"ok": 0, "insufficient": 0, "other": 0}
        open_transactions = 0
        for args in transfers:
            outcome, open_transaction = _call(solution, conn, args)
            open_transactions += open_transaction
            if outcome == "ok":
                counts["ok"] += 1
            elif outcome == {"raised": "InsufficientFunds"}:
                counts["insufficient"] += 1
            else:
                counts["other"] += 1
        balances = _committed_balances(conn)
        return {
            "ok": counts["ok"],
            "insufficient": counts["insufficient"],
            "other": counts["other"],
            "open_transactions": open_transactions,
            "total": sum(balance for _, balance in balances),
            "checksum": sum(a * b for a, b in balances) % 1000000007,
        }
    finally:
        conn.close()


def run(solution, case_input):
    if "generate" in case_input:
        return _run_generated(solution, case_input)
    if "race" in case_input:
        return _run_race(solution, case_input)
    rows = [tuple(row) for row in case_input["accounts"]]
    conn = _connect(case_input, rows)
    try:
        outcomes = []
        isolation_level = conn.isolation_level
        settings_kept = True
        for args in case_input["transfers"]:
            outcome, open_transaction = _call(solution, conn, args)
            outcomes.append({"outcome": outcome, "open_transaction": open_transaction})
            settings_kept = settings_kept and conn.isolation_level == isolation_level
        observation = {"outcomes": outcomes, "balances": _committed_balances(conn)}
        if case_input.get("check_settings"):
            observation["settings_kept"] = settings_kept
        return observation
    finally:
        conn.close()
