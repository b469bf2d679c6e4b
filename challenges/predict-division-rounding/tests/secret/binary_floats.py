print(round(2.675, 2))
print(0.1 + 0.2 == 0.3)
print(round(0.1 + 0.2, 10) == 0.3)
