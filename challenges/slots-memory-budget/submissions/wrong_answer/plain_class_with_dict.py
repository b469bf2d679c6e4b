"""Mistake: a hand-written immutable class without __slots__: behaviour right, memory not
(each instance has a __dict__)."""

from array import array


class Reading:
    def __init__(self, sensor_id, timestamp, value):
        self.__dict__.update(sensor_id=sensor_id, timestamp=timestamp, value=value)

    def __setattr__(self, name, value):
        raise AttributeError("Reading is immutable")

    def __eq__(self, other):
        if type(other) is not Reading:
            return NotImplemented
        return (self.sensor_id, self.timestamp, self.value) == (
            other.sensor_id, other.timestamp, other.value)

    def __hash__(self):
        return hash((self.sensor_id, self.timestamp, self.value))

    def __repr__(self):
        return "Reading(sensor_id=%r, timestamp=%r, value=%r)" % (
            self.sensor_id, self.timestamp, self.value)


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

