d = dict.fromkeys("abc", 0)
try:
    for key in d:
        if key == "b":
            del d[key]
except RuntimeError:
    print("RuntimeError")
print(list(d))
