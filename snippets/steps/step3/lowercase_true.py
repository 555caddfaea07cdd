model_info = {'version': 1, 'accuracy': 0.75}
new_data_available = True

if new_data_available == true:
    model_info['version'] += 1
    model_info['accuracy'] = 0.85
#> Python does not know 'true'. The boolean values are written with a capital letter: True and False.
