# Mistake: Bounded(min_value, max_value) never checks its bounds, so Bounded(5, 1) is
# created and then rejects every value instead of failing at once.
class _Validated:
    """Base for validating data descriptors; each instance keeps its own value."""

    name = None

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        try:
            return instance.__dict__[self.name]
        except KeyError:
            raise AttributeError(
                "%r object has no attribute %r" % (type(instance).__name__, self.name)
            ) from None

    def __set__(self, instance, value):
        self.validate(value)
        instance.__dict__[self.name] = value

    def validate(self, value):
        raise NotImplementedError


def _is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


class Typed(_Validated):
    def __init__(self, expected_type):
        self.expected_type = expected_type

    def validate(self, value):
        if not isinstance(value, self.expected_type):
            raise TypeError("%s must be of type %s" % (self.name, self.expected_type.__name__))


class Positive(_Validated):
    def validate(self, value):
        if not _is_number(value):
            raise TypeError("%s must be a number" % self.name)
        if not value > 0:
            raise ValueError("%s must be positive" % self.name)


class Bounded(_Validated):
    def __init__(self, min_value, max_value):
        self.min_value = min_value
        self.max_value = max_value

    def validate(self, value):
        if not _is_number(value):
            raise TypeError("%s must be a number" % self.name)
        if not self.min_value <= value <= self.max_value:
            raise ValueError("%s must be between %s and %s"
                             % (self.name, self.min_value, self.max_value))


class Product:
    name = Typed(str)
    price = Positive()
    quantity = Bounded(0, 1000)

    def __init__(self, name, price, quantity=0):
        self.name = name
        self.price = price
        self.quantity = quantity

    @property
    def total(self):
        return self.price * self.quantity


class Temperature:
    celsius = Bounded(-273.15, 10000)

    def __init__(self, celsius=0.0):
        self.celsius = celsius

    @property
    def fahrenheit(self):
        return self.celsius * 9 / 5 + 32

    @fahrenheit.setter
    def fahrenheit(self, value):
        self.celsius = (value - 32) * 5 / 9

    @property
    def kelvin(self):
        return self.celsius + 273.15
