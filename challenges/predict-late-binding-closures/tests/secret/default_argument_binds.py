funcs = [lambda i=i: i * 10 for i in range(3)]
print([f() for f in funcs])
print(funcs[0](7))
