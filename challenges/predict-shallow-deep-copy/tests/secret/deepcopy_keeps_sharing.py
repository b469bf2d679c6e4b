import copy

shared = [0]
pair = [shared, shared]
clone = copy.deepcopy(pair)
clone[0].append(1)
print(clone)
print(clone[0] is clone[1], clone[0] is shared)
