model_info = {'version': 1, 'accuracy': 0.75}
new_data_available = true
#> Python does not know 'true'. The boolean values are written with a capital letter: True and False.
