"""Custom harness for the pydantic-model challenge.

Input schema (the case's decoded "input"), one of:

  {"model": NAME, "data": {...}}
      Build the catalogue model NAME with NAME(**data).
      Returns {"dump": instance.model_dump()} on success,
              {"errors": exc.errors()} if solution.ValidationError is raised.

  {"scenario": NAME}
      Run a fixed scenario and return a dict of plain observations:
        "mutable_default"  defaults are not shared between instances
        "isinstance"       ValidationError is a ValueError subclass
        "attributes"       validated values are readable as attributes
        "nested_instance"  model fields accept instances (and reject wrong ones)
        "dump_copy"        model_dump() returns copies, not internal state

Catalogue (declared fresh inside run(), so every case gets new classes):

  User(name: str, age: int, email: Optional[str] = None)
  Item(name: str, price: float, tags: list[str] = [])
  Order(id: int, owner: User, items: list[Item], meta: dict[str, int] = {},
        note: Optional[str] = None)
  Flags(active: bool, ratio: float = 0.5, level: int = 0)
  Matrix(rows: list[list[int]], labels: dict[str, list[float]] = {})
  Team(name: str, lead: Optional[User] = None, members: list[User] = [],
       scores: dict[str, Optional[int]] = {})

Everything returned is rebuilt from built-in types (see _plain); a candidate
object that is not plain data becomes the string "<object TypeName>", which
never equals an expected value. Exceptions other than ValidationError
propagate (they are the candidate's).
"""

import json

from typing import Optional

_MAX_DEPTH = 60


def _plain(x, depth=0):
    if depth > _MAX_DEPTH:
        return "<too deep>"
    if x is None or isinstance(x, bool):
        return None if x is None else bool(x)
    if isinstance(x, int):
        return int.__int__(x)
    if isinstance(x, float):
        return float.__float__(x)
    if isinstance(x, str):
        return str.__str__(x)
    if isinstance(x, list):
        return [_plain(v, depth + 1) for v in list.__iter__(x)]
    if isinstance(x, tuple):
        return tuple(_plain(v, depth + 1) for v in tuple.__iter__(x))
    if isinstance(x, dict):
        return {_plain(k, depth + 1): _plain(v, depth + 1) for k, v in dict.items(x)}
    return "<object " + type(x).__name__ + ">"


def _plain_errors(exc):
    out = []
    for err in exc.errors():
        out.append({
            "loc": [_plain(p) for p in err["loc"]],
            "msg": _plain(err["msg"]),
            "type": _plain(err["type"]),
        })
    return out


def _catalogue(BaseModel):
    class User(BaseModel):
        name: str
        age: int
        email: Optional[str] = None

    class Item(BaseModel):
        name: str
        price: float
        tags: list[str] = []

    class Order(BaseModel):
        id: int
        owner: User
        items: list[Item]
        meta: dict[str, int] = {}
        note: Optional[str] = None

    class Flags(BaseModel):
        active: bool
        ratio: float = 0.5
        level: int = 0

    class Matrix(BaseModel):
        rows: list[list[int]]
        labels: dict[str, list[float]] = {}

    class Team(BaseModel):
        name: str
        lead: Optional[User] = None
        members: list[User] = []
        scores: dict[str, Optional[int]] = {}

    return {
        "User": User, "Item": Item, "Order": Order,
        "Flags": Flags, "Matrix": Matrix, "Team": Team,
    }


def _build(solution, cls, data):
    fact("call", "%s(**%s)" % (cls.__name__, json.dumps(data, sort_keys=True)[:200]))
    try:
        instance = cls(**data)
    except solution.ValidationError as exc:
        fact("raised", "ValidationError")
        return {"errors": _plain_errors(exc)}
    fact("raised", "nothing")
    return {"dump": _plain(instance.model_dump())}


def _scenario_mutable_default(solution, m):
    User, Item, Order, Team = m["User"], m["Item"], m["Order"], m["Team"]
    a = Item(name="a", price=1.0)
    b = Item(name="b", price=2.0)
    a.tags.append("x")
    c = Item(name="c", price=3.0)
    o1 = Order(id=1, owner={"name": "u", "age": 1}, items=[])
    o2 = Order(id=2, owner={"name": "v", "age": 2}, items=[])
    o1.meta["k"] = 1
    t1 = Team(name="t1")
    t2 = Team(name="t2")
    t1.members.append(User(name="w", age=3))
    return {
        "a_tags": _plain(a.tags),
        "b_tags": _plain(b.tags),
        "c_tags": _plain(c.tags),
        "o1_meta": _plain(o1.meta),
        "o2_meta": _plain(o2.meta),
        "t2_dump": _plain(t2.model_dump()),
    }


def _scenario_isinstance(solution, m):
    out = {"subclass_of_value_error": issubclass(solution.ValidationError, ValueError)}
    try:
        m["User"](name="x")
    except Exception as exc:  # noqa: BLE001 - we report what was raised
        out["raised_value_error"] = isinstance(exc, ValueError)
        out["raised_validation_error"] = isinstance(exc, solution.ValidationError)
        if isinstance(exc, solution.ValidationError):
            out["errors"] = _plain_errors(exc)
    else:
        out["raised_value_error"] = False
    return out


def _scenario_attributes(solution, m):
    User, Item, Order = m["User"], m["Item"], m["Order"]
    o = Order(
        id=7,
        owner={"name": "Ann", "age": 30},
        items=[{"name": "pen", "price": 2}, {"name": "ink", "price": 4.5, "tags": ["blue"]}],
        meta={"x": 1},
    )
    return {
        "id": _plain(o.id),
        "owner_is_user": isinstance(o.owner, User),
        "owner_name": _plain(o.owner.name),
        "owner_age": _plain(o.owner.age),
        "owner_email": _plain(o.owner.email),
        "items_are_items": [isinstance(it, Item) for it in o.items],
        "item_prices": [_plain(it.price) for it in o.items],
        "item_tags": [_plain(it.tags) for it in o.items],
        "meta": _plain(o.meta),
        "note": _plain(o.note),
    }


def _scenario_nested_instance(solution, m):
    User, Item, Order = m["User"], m["Item"], m["Order"]
    u = User(name="Bo", age=41)
    cup = Item(name="cup", price=3.5, tags=["kitchen"])
    order = Order(id=2, owner=u, items=[cup, {"name": "lid", "price": 1}])
    out = {"dump": _plain(order.model_dump())}
    try:
        Order(id=3, owner=cup, items=[u])
    except solution.ValidationError as exc:
        out["wrong_instance_errors"] = _plain_errors(exc)
    else:
        out["wrong_instance_errors"] = None
    return out


def _scenario_dump_copy(solution, m):
    Item, Order = m["Item"], m["Order"]
    it = Item(name="a", price=1.0, tags=["t"])
    d = it.model_dump()
    # Mutate whatever came back (guarded, so a wrong dump is a wrong answer,
    # not a crash); none of this may show through the models.
    if isinstance(d.get("tags"), list):
        d["tags"].append("u")
    d["name"] = "changed"
    o = Order(id=5, owner={"name": "Cy", "age": 20},
              items=[{"name": "b", "price": 2.0}], meta={"k": 1})
    d2 = o.model_dump()
    if isinstance(d2.get("meta"), dict):
        d2["meta"]["z"] = 2
    if isinstance(d2.get("items"), list):
        d2["items"].append("junk")
    if isinstance(d2.get("owner"), dict):
        d2["owner"]["name"] = "X"
    return {
        "item_tags": _plain(it.tags),
        "item_name": _plain(it.name),
        "item_dump_again": _plain(it.model_dump()),
        "order_meta": _plain(o.meta),
        "order_item_count": len(o.items),
        "owner_name": _plain(o.owner.name),
        "order_dump_again": _plain(o.model_dump()),
    }


_SCENARIOS = {
    "mutable_default": _scenario_mutable_default,
    "isinstance": _scenario_isinstance,
    "attributes": _scenario_attributes,
    "nested_instance": _scenario_nested_instance,
    "dump_copy": _scenario_dump_copy,
}


def run(solution, case_input):
    models = _catalogue(solution.BaseModel)
    if "scenario" in case_input:
        return _SCENARIOS[case_input["scenario"]](solution, models)
    return _build(solution, models[case_input["model"]], case_input["data"])
