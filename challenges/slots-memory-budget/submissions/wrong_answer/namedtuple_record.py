"""Mistake: a NamedTuple is compact, immutable and hashable, but it is a tuple: a reading
equals the plain tuple of its fields (and any other record with the same values)."""

from array import array
from typing import NamedTuple


class Reading(NamedTuple):
    sensor_id: int
    timestamp: int
    value: float

    def __repr__(self):
        return "Reading(sensor_id=%r, timestamp=%r, value=%r)" % tuple(self)


class ReadingLog:
    """Readings stored as three typed columns."""

    def __init__(self):
        self._sensors = array("q")
        self._timestamps = array("q")
        self._values = array("d")

    def append(self, reading):
        self._sensors.append(reading.sensor_id)
        self._timestamps.append(reading.timestamp)
        self._values.append(reading.value)

    def __len__(self):
        return len(self._sensors)

    def __getitem__(self, index):
        return Reading(self._sensors[index], self._timestamps[index], self._values[index])

    def mean_value(self, sensor_id):
        values = [v for s, v in zip(self._sensors, self._values) if s == sensor_id]
        return sum(values) / len(values) if values else None

