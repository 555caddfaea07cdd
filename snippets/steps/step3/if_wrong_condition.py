model_info = {'version': 1, 'accuracy': 0.75}
new_data_available = True

if model_info:
    model_info['version'] += 1
    model_info['accuracy'] = 0.85
#> Your if does not test new_data_available. Write the condition as: if new_data_available:
