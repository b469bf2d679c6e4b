grid = [[0] * 3] * 3
grid[0][0] = 1
print(grid)
print(grid[0] is grid[2])
fixed = [[0] * 3 for _ in range(3)]
fixed[0][0] = 1
print(fixed)
