"""A minimal Pydantic-style model. See statement.md."""

from typing import Any, Optional, Union, get_args, get_origin, get_type_hints


class ValidationError(ValueError):
    """Raised by a model's constructor with every problem found."""

    def __init__(self, errors):
        super().__init__("validation failed")
        self._errors = errors

    def errors(self):
        """Return a list of {"loc": [...], "msg": str, "type": str} dicts."""
        return self._errors


class BaseModel:
    """Subclass me and annotate fields; construct with keyword arguments."""

    def __init__(self, **data):
        # TODO: validate every annotated field (see statement.md), collect all
        # errors, raise ValidationError(errors) if there are any, else set the
        # validated values as attributes.
        raise NotImplementedError

    def model_dump(self):
        # TODO: return a plain dict of the fields (nested models as dicts).
        raise NotImplementedError
