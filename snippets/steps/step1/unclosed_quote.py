model_info = {'version': 1, 'accuracy: 0.75}
#> Line 1: a string is missing its closing quote. Keys are written like 'version', with a quote on both sides.
