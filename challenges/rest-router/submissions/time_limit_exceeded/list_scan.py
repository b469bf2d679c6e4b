# TOO SLOW: keeps the items in a list and scans it to find an id or a duplicate name:
# every request costs O(number of items), a session of n creations costs O(n^2).
import json
import re

JSON = {"Content-Type": "application/json"}
ITEM_PATH = re.compile(r"/items/([1-9][0-9]*)\Z", re.ASCII)


def error(status, message, **extra):
    return status, dict(JSON), dict({"error": message}, **extra)


def copy(item):
    return dict(item, tags=list(item["tags"]))


class ItemsApp:
    def __init__(self):
        self.items = []
        self.next_id = 1

    def find(self, item_id):
        for item in self.items:
            if item["id"] == item_id:
                return item
        return None

    def handle(self, method, path, body=None):
        if path == "/items":
            if method == "GET":
                return 200, dict(JSON), [copy(item) for item in self.items]
            if method == "POST":
                data, err = self.parse(body)
                if err:
                    return err
                if any(item["name"] == data["name"] for item in self.items):
                    return error(409, "duplicate name")
                item = {"id": self.next_id, "name": data["name"], "price": data["price"],
                        "tags": list(data.get("tags", []))}
                self.next_id += 1
                self.items.append(item)
                return 201, dict(JSON, Location="/items/%d" % item["id"]), copy(item)
            status, headers, payload = error(405, "method not allowed")
            headers["Allow"] = "GET, POST"
            return status, headers, payload
        match = ITEM_PATH.match(path)
        if not match:
            return error(404, "not found")
        if method not in ("GET", "PUT", "DELETE"):
            status, headers, payload = error(405, "method not allowed")
            headers["Allow"] = "DELETE, GET, PUT"
            return status, headers, payload
        item = self.find(int(match.group(1)))
        if item is None:
            return error(404, "not found")
        if method == "GET":
            return 200, dict(JSON), copy(item)
        if method == "DELETE":
            self.items.remove(item)
            return 204, {}, None
        data, err = self.parse(body)
        if err:
            return err
        if any(other["name"] == data["name"] and other is not item for other in self.items):
            return error(409, "duplicate name")
        item.update(name=data["name"], price=data["price"], tags=list(data.get("tags", [])))
        return 200, dict(JSON), copy(item)

    @staticmethod
    def parse(body):
        if body is None:
            return None, error(400, "malformed JSON")
        try:
            data = json.loads(body)
        except ValueError:
            return None, error(400, "malformed JSON")
        if not isinstance(data, dict):
            return None, error(422, "validation failed", fields=[])
        bad = [k for k in data if k not in ("name", "price", "tags")]
        name = data.get("name")
        if not isinstance(name, str) or not name.strip():
            bad.append("name")
        price = data.get("price")
        if isinstance(price, bool) or not isinstance(price, (int, float)) or price < 0:
            bad.append("price")
        tags = data.get("tags", [])
        if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
            bad.append("tags")
        if bad:
            return None, error(422, "validation failed", fields=sorted(bad))
        return data, None
