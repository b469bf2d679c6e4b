"""Mistake: place_order lets a failed statement's exception propagate without ROLLBACK.
The transaction stays open: the order row written before the failure is still there
and commits with the next transaction (or the next BEGIN fails)."""

import json

TOPIC = "order_placed"


class OrderService:
    def __init__(self, conn, broker):
        self._conn = conn
        self._broker = broker

    def place_order(self, order_id, customer, total):
        conn = self._conn
        payload = json.dumps({"order_id": order_id, "customer": customer, "total": total})
        conn.execute("BEGIN")
        try:
            conn.execute("INSERT INTO orders (id, customer, total) VALUES (?, ?, ?)",
                         (order_id, customer, total))
            conn.execute("INSERT INTO outbox (message_id, topic, payload) VALUES (?, ?, ?)",
                         ("order-%d" % order_id, TOPIC, payload))
            conn.execute("COMMIT")
        except BaseException:
            raise

    def relay(self, batch):
        rows = self._conn.execute(
            "SELECT id, message_id, topic, payload FROM outbox WHERE sent = 0"
            " ORDER BY id LIMIT ?", (batch,)).fetchall()
        published = 0
        for row_id, message_id, topic, payload in rows:
            # Publish first, mark second: a crash in between re-publishes (at least once),
            # never loses. The consumer turns at-least-once into effectively once.
            self._broker.publish(message_id, topic, payload)
            self._conn.execute("UPDATE outbox SET sent = 1 WHERE id = ?", (row_id,))
            published += 1
        return published


class Consumer:
    def __init__(self, conn):
        self._conn = conn

    def handle(self, message_id, topic, payload):
        conn = self._conn
        order = json.loads(payload)
        conn.execute("BEGIN")
        try:
            seen = conn.execute("SELECT 1 FROM processed_messages WHERE message_id = ?",
                                (message_id,)).fetchone()
            if seen is not None:
                conn.execute("ROLLBACK")
                return False
            conn.execute("INSERT INTO processed_messages (message_id) VALUES (?)", (message_id,))
            conn.execute(
                "INSERT INTO customer_totals (customer, total) VALUES (?, ?)"
                " ON CONFLICT (customer) DO UPDATE SET total = total + excluded.total",
                (order["customer"], order["total"]))
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        return True
