defaults = {"color": "red", "size": 1}
override = {"size": 3}
print({**defaults, **override})
print({**override, **defaults})
print(dict(defaults, size=5, shape="box"))
