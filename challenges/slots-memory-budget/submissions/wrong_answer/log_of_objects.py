"""Mistake: the log keeps every Reading object in a list. Each row then costs a whole
object plus a list slot, well over the three packed columns' budget."""

from array import array


class Reading:
    __slots__ = ("sensor_id", "timestamp", "value")

    def __init__(self, sensor_id, timestamp, value):
        object.__setattr__(self, "sensor_id", sensor_id)
        object.__setattr__(self, "timestamp", timestamp)
        object.__setattr__(self, "value", value)

    def __setattr__(self, name, value):
        raise AttributeError("Reading is immutable")

    def __delattr__(self, name):
        raise AttributeError("Reading is immutable")

    def _key(self):
        return (self.sensor_id, self.timestamp, self.value)

    def __eq__(self, other):
        if type(other) is not Reading:
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self):
        return hash(self._key())

    def __repr__(self):
        return "Reading(sensor_id=%r, timestamp=%r, value=%r)" % self._key()

    def __reduce__(self):
        # Unpickling and copying call the constructor, not the blocked __setattr__.
        return (Reading, self._key())


class ReadingLog:
    """Readings stored as three typed columns: 24 bytes a row, no object per row."""

    def __init__(self):
        self._rows = []

    def append(self, reading):
        self._rows.append(reading)

    def __len__(self):
        return len(self._rows)

    def __getitem__(self, index):
        return self._rows[index]

    def mean_value(self, sensor_id):
        total = 0.0
        count = 0
        for row in self._rows:
            sensor, value = row.sensor_id, row.value
            if sensor == sensor_id:
                total += value
                count += 1
        return total / count if count else None
