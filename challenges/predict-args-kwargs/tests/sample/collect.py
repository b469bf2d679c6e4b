def show(*args, **kwargs):
    print(args, kwargs)

show(1, 2, key="v")
show(*[1, 2], *"ab")
show(**{"a": 1}, b=2)
