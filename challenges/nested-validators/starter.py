"""Models with nested fields and custom field validators. See statement.md."""

from typing import Optional, Union, get_args, get_origin, get_type_hints


class ValidationError(ValueError):
    """Raised by a model's constructor with every problem found."""

    def __init__(self, errors):
        super().__init__("validation failed")
        self._errors = errors

    def errors(self):
        """Return a list of {"loc": (...), "code": str, "message": str} dicts."""
        return self._errors


def validator(field_name):
    """Mark the decorated function as a validator of the field ``field_name``.

    A validator is called as ``func(cls, value, values)`` and returns the value to keep.
    """

    def mark(func):
        # TODO: remember that ``func`` validates ``field_name``.
        return func

    return mark


class Model:
    """Subclass me; annotated class attributes are fields."""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        # TODO: collect the fields and the validators of ``cls`` (once per class).

    def __init__(self, **data):
        # TODO: type-check every field, run its validators, collect every error,
        # raise ValidationError(errors) if there are any, else set the attributes.
        raise NotImplementedError

    def to_dict(self):
        # TODO: a plain dict of the fields, nested models converted too.
        raise NotImplementedError
