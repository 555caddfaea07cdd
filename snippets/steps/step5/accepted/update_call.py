model_info = {'version': 1, 'accuracy': 0.75}
new_data_available = True
new_accuracy = 0.85

if new_data_available and new_accuracy > model_info['accuracy']:
    model_info.update({'version': model_info['version'] + 1, 'accuracy': new_accuracy})

print(model_info)
