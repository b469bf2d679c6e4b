"""Validating descriptors and properties. See statement.md."""


class Typed:
    """Accepts values that are instances of ``expected_type``."""

    def __init__(self, expected_type):
        self.expected_type = expected_type

    def __set_name__(self, owner, name):
        pass  # TODO: remember the attribute name

    def __get__(self, instance, owner=None):
        raise NotImplementedError

    def __set__(self, instance, value):
        raise NotImplementedError


class Positive:
    """Accepts numbers (int or float, not bool) greater than zero."""

    # TODO: __set_name__, __get__, __set__


class Bounded:
    """Accepts numbers (int or float, not bool) between min_value and max_value inclusive."""

    def __init__(self, min_value, max_value):
        # TODO: ValueError if min_value > max_value
        self.min_value = min_value
        self.max_value = max_value

    # TODO: __set_name__, __get__, __set__


class Product:
    name = Typed(str)
    price = Positive()
    quantity = Bounded(0, 1000)

    def __init__(self, name, price, quantity=0):
        raise NotImplementedError

    # TODO: read-only property `total` (price * quantity)


class Temperature:
    celsius = Bounded(-273.15, 10000)

    def __init__(self, celsius=0.0):
        raise NotImplementedError

    # TODO: property `fahrenheit` with a setter, read-only property `kelvin`
