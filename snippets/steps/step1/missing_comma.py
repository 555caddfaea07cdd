model_info = {'version': 1 'accuracy': 0.75}
#> Line 1: Python expected a comma. Items of a dict are separated by commas: {'version': 1, 'accuracy': 0.75}
