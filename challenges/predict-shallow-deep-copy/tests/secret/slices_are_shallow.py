matrix = [[0, 0], [0, 0]]
a = matrix[:]
b = list(matrix)
c = [row[:] for row in matrix]
a[0][0] = 1
b[1] = [7, 7]
c[1][1] = 5
print(matrix)
print(a is matrix, a[0] is matrix[0])
