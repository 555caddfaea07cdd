model_info = {version: 1, accuracy: 0.75}
#> Line 1: the key version has no quotes, so Python reads it as a variable called version, and there is none. Put the keys of a dict in quotes: 'version'.
