def f():
    x = 1
    try:
        return x
    finally:
        x = 2
        print("finally sees", x)

print(f())
