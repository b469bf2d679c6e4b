def f(a, b):
    return a - b

try:
    f(1, a=2)
except TypeError:
    print("TypeError")
print(f(b=1, a=5))
print(f(*(10,), **{"b": 3}))
