d = {"a": 1, "b": 2}
for key in d:
    d[key] *= 10
print(d)
for key in list(d):
    if d[key] > 10:
        del d[key]
print(d)
