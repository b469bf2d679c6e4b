print(3 > 2 > 1)
print((3 > 2) > 1)
print(False == False in [False])
print((False == False) in [False])
