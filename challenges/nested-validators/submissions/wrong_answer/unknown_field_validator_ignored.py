# WRONG ANSWER: a validator for a field that does not exist is silently never run,
# instead of raising TypeError when the class statement runs.
"""Models with nested fields and custom field validators (see statement.md)."""

import copy
import types
from typing import Union, get_args, get_origin, get_type_hints

_MISSING = object()
_UNION_TYPES = (Union,) + ((types.UnionType,) if hasattr(types, "UnionType") else ())
_MARK = "__validates_field__"


class ValidationError(ValueError):
    """Every problem found while building one model."""

    def __init__(self, errors):
        self._errors = errors
        super().__init__("%d validation error(s)" % len(errors))

    def errors(self):
        return [dict(error) for error in self._errors]


def validator(field_name):
    """Mark the decorated function as a validator of ``field_name``."""

    def mark(func):
        setattr(func, _MARK, field_name)
        return func

    return mark


def _error(loc, code, message):
    return {"loc": tuple(loc), "code": code, "message": message}


_SCALARS = {str: "str", int: "int", float: "float", bool: "bool"}


def _check(tp, value, loc, errors):
    """Type-check ``value`` against ``tp``; append errors; return the value to keep."""
    if tp is bool:
        if type(value) is bool:
            return value
    elif tp is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    elif tp is float:
        if isinstance(value, float):
            return value
        if isinstance(value, int) and not isinstance(value, bool):
            return float(value)
    elif tp is str:
        if isinstance(value, str):
            return value
    elif get_origin(tp) in _UNION_TYPES:
        if value is None:
            return None
        inner = [arg for arg in get_args(tp) if arg is not type(None)][0]
        return _check(inner, value, loc, errors)
    elif get_origin(tp) is list:
        if isinstance(value, list):
            (item_type,) = get_args(tp)
            return [_check(item_type, item, loc + (index,), errors)
                    for index, item in enumerate(value)]
        errors.append(_error(loc, "type_error", "expected list"))
        return None
    elif isinstance(tp, type) and issubclass(tp, Model):
        if isinstance(value, tp):
            return value
        if isinstance(value, dict):
            try:
                return tp(**value)
            except ValidationError as exc:
                for error in exc.errors():
                    errors.append(_error(loc + tuple(error["loc"]), error["code"],
                                         error["message"]))
                return None
        errors.append(_error(loc, "type_error", "expected " + tp.__name__))
        return None
    else:
        raise TypeError("unsupported annotation %r" % (tp,))
    errors.append(_error(loc, "type_error", "expected " + _SCALARS[tp]))
    return None


def _dump(value):
    if isinstance(value, Model):
        return value.to_dict()
    if isinstance(value, list):
        return [_dump(item) for item in value]
    if isinstance(value, dict):
        return {key: _dump(item) for key, item in value.items()}
    return copy.deepcopy(value)


class Model:
    """Subclass me: annotated class attributes are fields."""

    __fields__ = {}
    __validators__ = {}

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        fields = {}
        for name, tp in get_type_hints(cls).items():
            fields[name] = (tp, getattr(cls, name, _MISSING))
        validators = {}
        for klass in reversed(cls.__mro__):
            for attribute in vars(klass).values():
                field_name = getattr(attribute, _MARK, None)
                if field_name is None:
                    continue
                validators.setdefault(field_name, []).append(attribute)
        cls.__fields__ = fields
        cls.__validators__ = validators

    def __init__(self, **data):
        cls = type(self)
        errors = []
        values = {}
        for name, (tp, default) in cls.__fields__.items():
            if name not in data:
                if default is _MISSING:
                    errors.append(_error((name,), "missing", "field required"))
                else:
                    values[name] = copy.deepcopy(default)
                continue
            found = []
            value = _check(tp, data[name], (name,), found)
            if found:
                errors.extend(found)
                continue
            try:
                for func in cls.__validators__.get(name, ()):
                    value = func(cls, value, dict(values))
            except ValueError as exc:
                errors.append(_error((name,), "value_error", str(exc)))
                continue
            values[name] = value
        for key in data:
            if key not in cls.__fields__:
                errors.append(_error((key,), "extra_field", "unexpected field"))
        if errors:
            raise ValidationError(errors)
        for name, value in values.items():
            setattr(self, name, value)

    def to_dict(self):
        return {name: _dump(getattr(self, name)) for name in type(self).__fields__}

    def __repr__(self):
        fields = ", ".join("%s=%r" % (name, getattr(self, name, None))
                           for name in type(self).__fields__)
        return "%s(%s)" % (type(self).__name__, fields)
