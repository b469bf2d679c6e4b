import json


class ItemsApp:
    """In-memory JSON resource at /items (see the statement for every status code)."""

    def __init__(self):
        self.items = {}
        self.next_id = 1

    def handle(self, method, path, body=None):
        """Return (status, headers, body) for one request."""
        if path == "/items" and method == "GET":
            return 200, {"Content-Type": "application/json"}, list(self.items.values())
        # TODO: POST /items, GET/PUT/DELETE /items/<id>, 400/404/405/409/422
        return 404, {"Content-Type": "application/json"}, {"error": "not found"}
