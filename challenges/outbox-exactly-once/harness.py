"""Custom harness for the outbox-exactly-once challenge.

Two SQLite databases in memory: the service's (orders and the outbox) and the consumer's
(processed message ids and customer totals). The candidate gets a thin wrapper of each
connection, in autocommit mode (transactions are SQL: BEGIN / COMMIT / ROLLBACK), and a fake
broker. The harness injects failures: a database statement that fails, a broker that is
down, an acknowledgement lost after delivery, a process that crashes and restarts.

Input schema (``case_input`` is a dict): {"ops": [OP, ...]}

  OP = ["place", order_id, customer, total]  -> service.place_order(...): "ok" or the error
     | ["relay", batch]                      -> service.relay(batch): the count, or the error
     | ["db_fault", PATTERN, KIND]           the next service statement whose SQL, upper-cased
                                             with spaces collapsed, starts with PATTERN
                                             fails: KIND "error" raises sqlite3.OperationalError
                                             before it runs; "crash" raises SimulatedCrash
                                             (the process dies there: follow with "restart")
     | ["broker", MODE]                      the next publish: "down" raises BrokerError and
                                             delivers nothing; "ack_lost" delivers, then raises
                                             BrokerError
     | ["broker", MODE, N]                   the same, for the publish after the next N ones
                                             (a failure in the middle of a batch)
     | ["restart"]                           the service process restarts: a new OrderService
                                             on the same database (an open transaction is
                                             rolled back, as a dead connection's would be)
     | ["deliver"]                           -> the broker hands every message not yet handed
                                             over to consumer.handle, in delivery order:
                                             [handle's return value or the error, ...]
     | ["restart_consumer"]                  a new Consumer on the same consumer database
                                             (an open transaction is rolled back)
     | ["consumer_fault", [WORD, ...], KIND] the next consumer statement whose SQL, upper-cased
                                             with spaces collapsed, contains every WORD fails
                                             as for "db_fault"
     | ["redeliver"]                         -> the broker hands every message it received
                                             over again, in delivery order (the consumer died
                                             before acknowledging): as for "deliver"
     | ["state"]                             -> {"orders": [[id, customer, total], ...],
                                                 "outbox": [[message_id, sent], ...] by id,
                                                 "published": [[message_id, topic, payload
                                                   decoded from JSON], ...] in delivery order,
                                                 "totals": {customer: total}}

Returns {"results": [...]}, one entry per op marked "->".
"""

import json
import sqlite3

SERVICE_SCHEMA = """
CREATE TABLE orders (
    id       INTEGER PRIMARY KEY,
    customer TEXT NOT NULL,
    total    INTEGER NOT NULL
);
CREATE TABLE outbox (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    message_id TEXT NOT NULL UNIQUE,
    topic      TEXT NOT NULL,
    payload    TEXT NOT NULL,
    sent       INTEGER NOT NULL DEFAULT 0
);
"""

CONSUMER_SCHEMA = """
CREATE TABLE processed_messages (message_id TEXT PRIMARY KEY);
CREATE TABLE customer_totals (customer TEXT PRIMARY KEY, total INTEGER NOT NULL);
"""


class SimulatedCrash(Exception):
    """The process died here (raised by the harness's database wrapper)."""


class BrokerError(Exception):
    """The broker did not acknowledge the message."""


def _plain(value, depth=0):
    if depth > 20:
        return "<too deep>"
    kind = type(value)
    if value is None or kind in (bool, int, float, str):
        return value
    if kind in (list, tuple):
        return [_plain(item, depth + 1) for item in value]
    if kind is dict:
        return {str(k): _plain(v, depth + 1) for k, v in value.items()}
    return "<%s object>" % kind.__name__


class Result:
    """What ``Connection.execute`` returns."""

    def __init__(self, rows, rowcount, lastrowid):
        self._rows = rows
        self._next = 0
        self.rowcount = rowcount
        self.lastrowid = lastrowid

    def fetchone(self):
        if self._next >= len(self._rows):
            return None
        row = self._rows[self._next]
        self._next += 1
        return row

    def fetchall(self):
        rows = self._rows[self._next:]
        self._next = len(self._rows)
        return rows

    def __iter__(self):
        return iter(self.fetchall())


class Connection:
    """A sqlite3 connection in autocommit mode, one statement at a time."""

    def __init__(self, conn, faults=None):
        self._conn = conn
        self._faults = faults if faults is not None else []

    @property
    def in_transaction(self):
        return self._conn.in_transaction

    def execute(self, sql, params=()):
        """Run one SQL statement with ``?`` placeholders; return a Result."""
        normal = " ".join(str(sql).upper().split())
        for fault in list(self._faults):
            pattern = fault[0]
            if isinstance(pattern, str):
                matches = normal.startswith(pattern)
            else:
                matches = all(word in normal for word in pattern)
            if matches:
                self._faults.remove(fault)
                if fault[1] == "crash":
                    raise SimulatedCrash(str(pattern))
                raise sqlite3.OperationalError("simulated failure of %s" % (pattern,))
        cursor = self._conn.execute(sql, params)
        return Result(cursor.fetchall(), cursor.rowcount, cursor.lastrowid)


class Broker:
    """The message broker: ``publish`` delivers one message (or raises BrokerError)."""

    def __init__(self):
        self.published = []
        self.handed_over = 0
        self.next_mode = None
        self.publishes_before_mode = 0

    def publish(self, message_id, topic, payload):
        if self.publishes_before_mode > 0:
            self.publishes_before_mode -= 1
            mode = None
        else:
            mode, self.next_mode = self.next_mode, None
        if mode == "down":
            raise BrokerError("broker unavailable")
        self.published.append((str(message_id), str(topic), str(payload)))
        if mode == "ack_lost":
            raise BrokerError("no acknowledgement")


def _call(function):
    try:
        return _plain(function())
    except Exception as error:  # noqa: BLE001 - reported as data
        return {"error": type(error).__name__}


def _decode(payload):
    try:
        return _plain(json.loads(payload))
    except ValueError:
        return "<not JSON>"


def run(solution, case_input):
    raw_service = sqlite3.connect(":memory:", isolation_level=None)
    raw_service.executescript(SERVICE_SCHEMA)
    raw_consumer = sqlite3.connect(":memory:", isolation_level=None)
    raw_consumer.executescript(CONSUMER_SCHEMA)
    faults = []
    broker = Broker()
    service_conn = Connection(raw_service, faults)
    consumer_faults = []
    consumer_conn = Connection(raw_consumer, consumer_faults)
    service = solution.OrderService(service_conn, broker)
    consumer = solution.Consumer(consumer_conn)
    results = []
    for op in case_input["ops"]:
        kind = op[0]
        if kind == "place":
            results.append(_call(lambda: service.place_order(op[1], op[2], op[3]) and None or "ok"))
        elif kind == "relay":
            results.append(_call(lambda: service.relay(op[1])))
        elif kind == "db_fault":
            faults.append((op[1], op[2]))
        elif kind == "broker":
            broker.next_mode = op[1]
            broker.publishes_before_mode = op[2] if len(op) > 2 else 0
        elif kind == "restart":
            if raw_service.in_transaction:
                raw_service.execute("ROLLBACK")
            faults.clear()
            service = solution.OrderService(service_conn, broker)
        elif kind == "consumer_fault":
            consumer_faults.append((tuple(op[1]), op[2]))
        elif kind in ("deliver", "redeliver"):
            if kind == "redeliver":
                broker.handed_over = 0
            handled = []
            while broker.handed_over < len(broker.published):
                message = broker.published[broker.handed_over]
                broker.handed_over += 1
                handled.append(_call(lambda: consumer.handle(*message)))
            results.append(handled)
        elif kind == "restart_consumer":
            if raw_consumer.in_transaction:
                raw_consumer.execute("ROLLBACK")
            consumer_faults.clear()
            consumer = solution.Consumer(consumer_conn)
        elif kind == "state":
            if raw_service.in_transaction:
                results.append({"error": "a transaction was left open"})
                continue
            orders = raw_service.execute("SELECT id, customer, total FROM orders ORDER BY id").fetchall()
            outbox = raw_service.execute("SELECT message_id, sent FROM outbox ORDER BY id").fetchall()
            totals = raw_consumer.execute(
                "SELECT customer, total FROM customer_totals ORDER BY customer").fetchall()
            results.append({
                "orders": _plain(orders),
                "outbox": [[row[0], bool(row[1])] for row in outbox],
                "published": [[m, t, _decode(p)] for m, t, p in broker.published],
                "totals": {row[0]: row[1] for row in totals},
            })
        else:
            raise AssertionError("unknown op %r" % (kind,))
    return {"results": results}
