model_info = {'version': 1, 'accuracy': 0.75}
new_data_available = True

if new_data_available:
    model_info['version'] + 1
    model_info['accuracy'] = 0.85
#> The version did not change: the check ran your program with model_info starting as {'version': 7, 'accuracy': 0.5}, new_data_available = True, and it ended at version 7. Inside the if, increase it by 1: model_info['version'] += 1
