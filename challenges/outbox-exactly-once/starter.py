"""The transactional outbox: an order and its event, published at least once and applied
exactly once. See statement.md."""

import json

TOPIC = "order_placed"


class OrderService:
    def __init__(self, conn, broker):
        self._conn = conn          # conn.execute(sql, params) -> result; SQL BEGIN/COMMIT/ROLLBACK
        self._broker = broker      # broker.publish(message_id, topic, payload)

    def place_order(self, order_id, customer, total):
        """Insert the order and record its order_placed message, atomically."""
        # TODO: this is the dual write: what if the broker is down, or the insert fails?
        self._conn.execute("INSERT INTO orders (id, customer, total) VALUES (?, ?, ?)",
                           (order_id, customer, total))
        payload = json.dumps({"order_id": order_id, "customer": customer, "total": total})
        self._broker.publish("order-%d" % order_id, TOPIC, payload)

    def relay(self, batch):
        """Publish up to ``batch`` unsent outbox messages, oldest first; return how many."""
        return 0


class Consumer:
    def __init__(self, conn):
        self._conn = conn

    def handle(self, message_id, topic, payload):
        """Apply one delivered message unless it was applied before; return whether applied."""
        raise NotImplementedError
