model_info = {'version': 1, 'accuracy': 0.75}
new_data_available = True

if new_data_available is True:
    model_info['accuracy'] = 0.85
    model_info['version'] += 1
