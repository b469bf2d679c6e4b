funcs = [lambda: x for x in "abc"]
print("".join(f() for f in funcs))
x = "z"
print("".join(f() for f in funcs))
