"""Money value object. See statement.md."""


class Money:
    """An immutable amount of money: integer cents of one currency."""

    def __init__(self, amount_cents, currency):
        # TODO: validate (TypeError / ValueError) and store immutably.
        raise NotImplementedError

    # TODO: amount_cents and currency attributes (read-only)
    # TODO: __eq__, __hash__, ordering, __add__, __sub__, __repr__, __str__
