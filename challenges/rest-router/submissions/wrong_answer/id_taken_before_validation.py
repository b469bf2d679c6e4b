# Mistake: a POST takes the next id before the body is validated, so a rejected POST
# (400, 422, 409) still uses up an id and the next item skips a number.
import json
import re

_ITEM_PATH = re.compile(r"/items/([1-9][0-9]*)\Z", re.ASCII)
_JSON = {"Content-Type": "application/json"}
_FIELDS = ("name", "price", "tags")


def _error(status, message, **extra):
    return status, dict(_JSON), dict({"error": message}, **extra)


def _invalid_fields(data):
    bad = [key for key in data if key not in _FIELDS]
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        bad.append("name")
    price = data.get("price")
    if isinstance(price, bool) or not isinstance(price, (int, float)) or price < 0:
        bad.append("price")
    tags = data.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags):
        bad.append("tags")
    return sorted(bad)


class ItemsApp:
    """An in-memory REST resource at /items."""

    def __init__(self):
        self.items = {}          # id -> item dict (insertion order == id order)
        self.ids_by_name = {}    # name -> id
        self.next_id = 1

    def handle(self, method, path, body=None):
        if path == "/items":
            if method == "GET":
                return 200, dict(_JSON), [self._copy(item) for item in self.items.values()]
            if method == "POST":
                return self._create(body)
            return self._not_allowed("GET, POST")

        match = _ITEM_PATH.match(path)
        if match is None:
            return _error(404, "not found")
        if method not in ("GET", "PUT", "DELETE"):
            return self._not_allowed("DELETE, GET, PUT")
        item_id = int(match.group(1))
        if item_id not in self.items:
            return _error(404, "not found")
        if method == "GET":
            return 200, dict(_JSON), self._copy(self.items[item_id])
        if method == "DELETE":
            del self.ids_by_name[self.items.pop(item_id)["name"]]
            return 204, {}, None
        return self._replace(item_id, body)

    @staticmethod
    def _copy(item):
        return dict(item, tags=list(item["tags"]))

    @staticmethod
    def _not_allowed(allow):
        status, headers, body = _error(405, "method not allowed")
        headers["Allow"] = allow
        return status, headers, body

    @staticmethod
    def _parse(body):
        """Returns (data, None) or (None, error response)."""
        if body is None:
            return None, _error(400, "malformed JSON")
        try:
            data = json.loads(body)
        except ValueError:
            return None, _error(400, "malformed JSON")
        if not isinstance(data, dict):
            return None, _error(422, "validation failed", fields=[])
        bad = _invalid_fields(data)
        if bad:
            return None, _error(422, "validation failed", fields=bad)
        return data, None

    def _create(self, body):
        item_id = self.next_id
        self.next_id += 1
        data, error = self._parse(body)
        if error:
            return error
        if data["name"] in self.ids_by_name:
            return _error(409, "duplicate name")
        item = {"id": item_id, "name": data["name"], "price": data["price"],
                "tags": list(data.get("tags", []))}
        self.items[item["id"]] = item
        self.ids_by_name[item["name"]] = item["id"]
        headers = dict(_JSON, Location="/items/%d" % item["id"])
        return 201, headers, self._copy(item)

    def _replace(self, item_id, body):
        data, error = self._parse(body)
        if error:
            return error
        owner = self.ids_by_name.get(data["name"])
        if owner is not None and owner != item_id:
            return _error(409, "duplicate name")
        item = self.items[item_id]
        del self.ids_by_name[item["name"]]
        item.update(name=data["name"], price=data["price"], tags=list(data.get("tags", [])))
        self.ids_by_name[item["name"]] = item_id
        return 200, dict(_JSON), self._copy(item)
