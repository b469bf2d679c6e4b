def numbers():
    print("start")
    yield 1
    print("middle")
    yield 2
    print("end")

gen = numbers()
print("created")
print(next(gen))
for value in gen:
    print(value)
