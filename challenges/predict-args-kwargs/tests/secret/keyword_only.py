def f(a, *rest, flag=False, **extra):
    return a, rest, flag, extra

print(f(1, 2, 3))
print(f(1, flag=True, other=4))
print(f(*range(3), **{"flag": 1}))
