model_info = {'version': 1, 'accuracy': 0.75}
new_data_available = True

if new_data_available
    model_info['version'] += 1
    model_info['accuracy'] = 0.85
#> Line 4: an if line must end with a colon, like: if new_data_available:
