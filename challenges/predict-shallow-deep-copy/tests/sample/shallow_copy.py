import copy

original = [[1, 2], [3]]
shallow = copy.copy(original)
shallow[0].append(99)
shallow.append([4])
print(original)
print(shallow)
