model_info = {'v': 1, 'acc': 0.75}
#> Expected the keys 'version' and 'accuracy'; found 'v', 'acc'.
