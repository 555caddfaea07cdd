from tinylab import mean

scores = [0.91, 0.88, 0.85]
print(f"average score: {mean(scores):.2f}")
#> average score: 0.88
