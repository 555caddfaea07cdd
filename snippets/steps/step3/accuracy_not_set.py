model_info = {'version': 1, 'accuracy': 0.75}
new_data_available = True

if new_data_available:
    model_info['version'] += 1
#> The accuracy did not change: the check ran your program with model_info starting as {'version': 7, 'accuracy': 0.5}, new_data_available = True, and it stayed 0.5. Inside the if, also record the retrained model's accuracy: model_info['accuracy'] = 0.85
