# Mistake: a route table keyed by (method, pattern): a request whose method has no route
# falls through to 404, so a wrong method on an existing route is 404 instead of 405.
import json
import re

JSON = {"Content-Type": "application/json"}


def error(status, message, **extra):
    return status, dict(JSON), dict({"error": message}, **extra)


class ItemsApp:
    def __init__(self):
        self.items = {}
        self.names = {}
        self.next_id = 1
        self.routes = [
            ("GET", re.compile(r"/items\Z"), self.list_items),
            ("POST", re.compile(r"/items\Z"), self.create),
            ("GET", re.compile(r"/items/([1-9][0-9]*)\Z", re.ASCII), self.get),
            ("PUT", re.compile(r"/items/([1-9][0-9]*)\Z", re.ASCII), self.replace),
            ("DELETE", re.compile(r"/items/([1-9][0-9]*)\Z", re.ASCII), self.delete),
        ]

    def handle(self, method, path, body=None):
        for route_method, pattern, view in self.routes:
            match = pattern.match(path)
            if match and route_method == method:
                return view(body, *[int(g) for g in match.groups()])
        return error(404, "not found")

    def validate(self, body):
        if body is None:
            return None, error(400, "malformed JSON")
        try:
            data = json.loads(body)
        except ValueError:
            return None, error(400, "malformed JSON")
        if not isinstance(data, dict):
            return None, error(422, "validation failed", fields=[])
        bad = [k for k in data if k not in ("name", "price", "tags")]
        if not isinstance(data.get("name"), str) or not data["name"].strip():
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

    def name_taken(self, name, except_id=None):
        owner = self.names.get(name)
        return owner is not None and owner != except_id

    def list_items(self, body):
        return 200, dict(JSON), [dict(item, tags=list(item["tags"])) for item in self.items.values()]

    def create(self, body):
        data, err = self.validate(body)
        if err:
            return err
        if self.name_taken(data["name"]):
            return error(409, "duplicate name")
        item = {"id": self.next_id, "name": data["name"], "price": data["price"],
                "tags": list(data.get("tags", []))}
        self.items[self.next_id] = item
        self.names[item["name"]] = item["id"]
        self.next_id += 1
        return 201, dict(JSON, Location="/items/%d" % item["id"]), dict(item, tags=list(item["tags"]))

    def get(self, body, item_id):
        if item_id not in self.items:
            return error(404, "not found")
        item = self.items[item_id]
        return 200, dict(JSON), dict(item, tags=list(item["tags"]))

    def replace(self, body, item_id):
        if item_id not in self.items:
            return error(404, "not found")
        data, err = self.validate(body)
        if err:
            return err
        if self.name_taken(data["name"], except_id=item_id):
            return error(409, "duplicate name")
        item = self.items[item_id]
        del self.names[item["name"]]
        self.names[data["name"]] = item_id
        item.update(name=data["name"], price=data["price"], tags=list(data.get("tags", [])))
        return 200, dict(JSON), dict(item, tags=list(item["tags"]))

    def delete(self, body, item_id):
        if item_id not in self.items:
            return error(404, "not found")
        del self.names[self.items.pop(item_id)["name"]]
        return 204, {}, None
