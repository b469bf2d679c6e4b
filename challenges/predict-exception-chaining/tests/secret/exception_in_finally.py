def cleanup():
    raise OSError("cleanup failed")

try:
    try:
        raise ValueError("original")
    finally:
        cleanup()
except Exception as error:
    print(type(error).__name__, error)
    print(type(error.__context__).__name__, error.__context__)
