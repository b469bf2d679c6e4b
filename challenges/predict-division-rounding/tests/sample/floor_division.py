print(7 // 2, -7 // 2)
print(7 % 3, -7 % 3)
print(int(-3.5), -7 // 2.0)
