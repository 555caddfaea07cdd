model_info = {'version' = 1, 'accuracy' = 0.75}
#> Line 1: inside a dict literal, keys and values are joined by a colon, not =: {'version': 1, 'accuracy': 0.75}
