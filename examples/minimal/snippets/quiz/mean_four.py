from tinylab import mean

print(mean([1, 2, 3, 4]))
