"""Mistake: accepts any iterable for list[T], so a str is validated as a list of its
characters instead of failing with list_type."""

import copy
import types
from typing import Any, Union, get_args, get_origin, get_type_hints

_MISSING = object()
_INVALID = object()

_UNION_TYPES = (Union,) + ((types.UnionType,) if hasattr(types, "UnionType") else ())


class ValidationError(ValueError):
    def __init__(self, errors):
        self._errors = errors
        super().__init__(f"{len(errors)} validation error(s)")

    def errors(self):
        return copy.deepcopy(self._errors)


def _error(errors, loc, type_, msg):
    errors.append({"loc": list(loc), "msg": msg, "type": type_})
    return _INVALID


def _validate(tp, value, loc, errors):
    """Return the validated value, or _INVALID after appending to errors."""
    origin = get_origin(tp)

    if origin in _UNION_TYPES:
        args = get_args(tp)
        if value is None and type(None) in args:
            return None
        others = [a for a in args if a is not type(None)]
        if len(others) != 1:
            raise TypeError(f"unsupported annotation {tp!r}")
        return _validate(others[0], value, loc, errors)

    if origin is list:
        if not hasattr(value, "__iter__") or isinstance(value, (dict, BaseModel)):
            return _error(errors, loc, "list_type", "Input should be a valid list")
        (item_tp,) = get_args(tp) or (Any,)
        out, ok = [], True
        for i, item in enumerate(value):
            v = _validate(item_tp, item, loc + [i], errors)
            ok = ok and v is not _INVALID
            out.append(v)
        return out if ok else _INVALID

    if origin is dict:
        if not isinstance(value, dict):
            return _error(errors, loc, "dict_type", "Input should be a valid dictionary")
        args = get_args(tp)
        value_tp = args[1] if args else Any
        out, ok = {}, True
        for key, item in value.items():
            v = _validate(value_tp, item, loc + [key], errors)
            ok = ok and v is not _INVALID
            out[key] = v
        return out if ok else _INVALID

    if tp is Any:
        return value
    if tp is bool:
        if isinstance(value, bool):
            return value
        return _error(errors, loc, "bool_type", "Input should be a valid boolean")
    if tp is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        return _error(errors, loc, "int_type", "Input should be a valid integer")
    if tp is float:
        if isinstance(value, float):
            return value
        if isinstance(value, int) and not isinstance(value, bool):
            return float(value)
        return _error(errors, loc, "float_type", "Input should be a valid number")
    if tp is str:
        if isinstance(value, str):
            return value
        return _error(errors, loc, "string_type", "Input should be a valid string")
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        if isinstance(value, tp):
            return value
        if isinstance(value, dict):
            return tp._build(value, loc, errors)
        return _error(
            errors, loc, "model_type",
            f"Input should be a valid dictionary or instance of {tp.__name__}",
        )
    raise TypeError(f"unsupported annotation {tp!r}")


def _default_of(cls, name):
    for klass in cls.__mro__:
        if name in vars(klass):
            return vars(klass)[name]
    return _MISSING


def _dump(value):
    if isinstance(value, BaseModel):
        return value.model_dump()
    if isinstance(value, list):
        return [_dump(v) for v in value]
    if isinstance(value, dict):
        return {k: _dump(v) for k, v in value.items()}
    return value


class BaseModel:
    @classmethod
    def _fields(cls):
        return [(name, tp) for name, tp in get_type_hints(cls).items()]

    @classmethod
    def _build(cls, data, loc, errors):
        values, ok = {}, True
        fields = cls._fields()
        for name, tp in fields:
            if name in data:
                v = _validate(tp, data[name], loc + [name], errors)
            else:
                default = _default_of(cls, name)
                if default is _MISSING:
                    v = _error(errors, loc + [name], "missing", "Field required")
                else:
                    v = copy.deepcopy(default)
            ok = ok and v is not _INVALID
            values[name] = v
        known = {name for name, _ in fields}
        for key in data:
            if key not in known:
                ok = False
                _error(errors, loc + [key], "extra_forbidden", "Extra inputs are not permitted")
        if not ok:
            return _INVALID
        obj = cls.__new__(cls)
        obj.__dict__.update(values)
        return obj

    def __init__(self, **data):
        errors = []
        built = type(self)._build(data, [], errors)
        if errors:
            raise ValidationError(errors)
        self.__dict__.update(built.__dict__)

    def model_dump(self):
        return {name: _dump(getattr(self, name)) for name, _ in self._fields()}

    def __repr__(self):
        args = ", ".join(f"{n}={getattr(self, n)!r}" for n, _ in self._fields())
        return f"{type(self).__name__}({args})"
