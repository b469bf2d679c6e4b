def value(n):
    print("eval", n)
    return n

print(value(3) < value(2) < value(1))
