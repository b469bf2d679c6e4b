def middle():
    print("called")
    return 5

print(1 < middle() < 10)
print(1 < middle() and middle() < 10)
