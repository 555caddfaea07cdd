model_info = {'version': 1, 'accuracy': 0.75}
new_data_available = True

if new_data_available:
    model_info['version'] += 1
    model_info['accuracy'] == 0.85
#> Line 6 uses ==, which only compares and changes nothing: the check ran your program with model_info starting as {'version': 7, 'accuracy': 0.5}, new_data_available = True, and the accuracy stayed 0.5. Set it with a single =: model_info['accuracy'] = 0.85
