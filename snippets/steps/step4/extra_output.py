model_info = {'version': 1, 'accuracy': 0.75}
new_data_available = True

if new_data_available:
    model_info['version'] += 1
    model_info['accuracy'] = 0.85

print("Updated model:", model_info)
#> Print only the dictionary, the task says: the output must be {'version': 2, 'accuracy': 0.85}, with nothing around it, but it was: Updated model: {'version': 2, 'accuracy': 0.85}
