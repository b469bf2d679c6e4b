def f():
    try:
        raise ValueError("boom")
    finally:
        return "swallowed"

print(f())
