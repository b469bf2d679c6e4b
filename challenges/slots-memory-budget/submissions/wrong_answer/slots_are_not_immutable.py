"""Mistake: "__slots__ makes the class immutable". Slots only forbid new attribute names:
r.value = 3.0 still replaces the value (and, with __hash__ over the fields, changes the hash
of a reading already in a set)."""


from array import array


class Reading:
    __slots__ = ("sensor_id", "timestamp", "value")

    def __init__(self, sensor_id, timestamp, value):
        self.sensor_id = sensor_id
        self.timestamp = timestamp
        self.value = value

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
        total = 0.0
        count = 0
        for sensor, value in zip(self._sensors, self._values):
            if sensor == sensor_id:
                total += value
                count += 1
        return total / count if count else None
