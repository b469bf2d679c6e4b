from functools import partial

def scale(factor, x):
    return factor * x

scalers = []
for factor in (2, 3):
    scalers.append(partial(scale, factor))
    scalers.append(lambda x: scale(factor, x))
print([f(10) for f in scalers])
