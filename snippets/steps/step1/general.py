model_info = {'version': 2, 'accuracy': 0.75}
#> Not yet. Expected model_info to be {'version': 1, 'accuracy': 0.75}, but found {'version': 2, 'accuracy': 0.75}.
