model_info = {'version': 1, 'accuracy': 0.75}
new_data_available = True

if model_info:
    model_info['version'] += 1
    model_info['accuracy'] = 0.85
#> The check ran your program with model_info starting as {'version': 7, 'accuracy': 0.5}, new_data_available = False, and the model became {'version': 8, 'accuracy': 0.85}: without new data nothing should change, but your if does not test new_data_available. Make the condition: if new_data_available:
