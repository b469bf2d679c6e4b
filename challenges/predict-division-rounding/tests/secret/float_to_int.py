import math

values = [2.7, -2.7]
print([int(v) for v in values])
print([math.floor(v) for v in values])
print([math.ceil(v) for v in values])
print([round(v) for v in values])
