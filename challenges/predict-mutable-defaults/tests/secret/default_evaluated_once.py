calls = 0

def make_default():
    global calls
    calls += 1
    return calls

def f(x=make_default()):
    return x

print(f(), f(), f(10))
print(calls)
