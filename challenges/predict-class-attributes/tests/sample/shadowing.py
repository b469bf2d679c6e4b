class Counter:
    count = 0

a = Counter()
b = Counter()
a.count += 1
print(a.count, b.count, Counter.count)
Counter.count = 10
print(a.count, b.count)
