letters = iter("abcdef")
print(list(zip(letters, letters)))
