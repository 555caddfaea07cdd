model_info = {'version': 1, 'accuracy': 0.75}
new_data_available = True
new_accuracy = 0.85

if model_info['accuracy'] < new_accuracy and new_data_available:
    model_info['version'] += 1
    model_info['accuracy'] = new_accuracy

print(model_info)
