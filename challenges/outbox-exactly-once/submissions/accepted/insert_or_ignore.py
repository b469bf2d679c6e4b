"""A second approach: the consumer claims a message id with INSERT OR IGNORE and applies
the effect only when the claim inserted a row (rowcount 1), in the same transaction; the
relay marks rows by message id, one at a time after each publish."""

import json


class OrderService:
    def __init__(self, conn, broker):
        self.conn = conn
        self.broker = broker

    def place_order(self, order_id, customer, total):
        message = json.dumps({"customer": customer, "order_id": order_id, "total": total})
        self.conn.execute("BEGIN IMMEDIATE")
        ok = False
        try:
            self.conn.execute("INSERT INTO orders VALUES (?, ?, ?)", (order_id, customer, total))
            self.conn.execute(
                "INSERT INTO outbox (message_id, topic, payload) VALUES (?, 'order_placed', ?)",
                (f"order-{order_id}", message))
            self.conn.execute("COMMIT")
            ok = True
        finally:
            if not ok and self.conn.in_transaction:
                self.conn.execute("ROLLBACK")

    def relay(self, batch):
        pending = list(self.conn.execute(
            "SELECT message_id, topic, payload FROM outbox WHERE NOT sent ORDER BY id LIMIT ?",
            (batch,)))
        for message_id, topic, payload in pending:
            self.broker.publish(message_id, topic, payload)
            self.conn.execute("UPDATE outbox SET sent = 1 WHERE message_id = ?", (message_id,))
        return len(pending)


class Consumer:
    def __init__(self, conn):
        self.conn = conn

    def handle(self, message_id, topic, payload):
        body = json.loads(payload)
        self.conn.execute("BEGIN IMMEDIATE")
        ok = False
        try:
            claimed = self.conn.execute(
                "INSERT OR IGNORE INTO processed_messages VALUES (?)", (message_id,)).rowcount
            if claimed:
                self.conn.execute(
                    "INSERT INTO customer_totals VALUES (?, ?) ON CONFLICT (customer)"
                    " DO UPDATE SET total = total + excluded.total",
                    (body["customer"], body["total"]))
            self.conn.execute("COMMIT")
            ok = True
        finally:
            if not ok and self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
        return bool(claimed)
