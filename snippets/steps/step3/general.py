model_info = {'version': 1, 'accuracy': 0.75}
new_data_available = True

if new_data_available:
    model_info['version'] += 2
    model_info['accuracy'] = 0.85
#> Not yet. Expected the version to go from 7 to 8 when the check ran your program with model_info starting as {'version': 7, 'accuracy': 0.5}, new_data_available = True, but found version 9.
