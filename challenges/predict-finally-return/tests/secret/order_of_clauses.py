def f():
    try:
        print("try")
        return print("return expression")
    except Exception:
        print("except")
    else:
        print("else")
    finally:
        print("finally")

print(f())
