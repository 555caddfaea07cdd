model_info = {'version': 1.0, 'accuracy': 0.75}
#> version is 1.0, a float. Version numbers count whole releases: write 1 (an int), without the decimal point.
