"""A compact, immutable reading record and a log that holds millions of them.
See statement.md."""


class Reading:
    # TODO: make it compact (no per-instance __dict__) and immutable.
    def __init__(self, sensor_id, timestamp, value):
        self.sensor_id = sensor_id
        self.timestamp = timestamp
        self.value = value

    def __repr__(self):
        return "Reading(sensor_id=%r, timestamp=%r, value=%r)" % (
            self.sensor_id, self.timestamp, self.value)


class ReadingLog:
    def __init__(self):
        self._rows = []   # TODO: far too much memory per row

    def append(self, reading):
        self._rows.append(reading)

    def __len__(self):
        return len(self._rows)

    def __getitem__(self, index):
        return self._rows[index]

    def mean_value(self, sensor_id):
        """The mean value of the readings of ``sensor_id``, or None if there are none."""
        raise NotImplementedError
