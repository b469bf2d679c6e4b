def f():
    for i in range(3):
        try:
            return i
        finally:
            if i < 2:
                continue
    return "done"

print(f())
