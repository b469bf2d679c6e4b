def count(word, seen={}):
    seen[word] = seen.get(word, 0) + 1
    return seen[word]

print(count("a"), count("b"), count("a"))
print(count("a", {}))
print(count("a"))
