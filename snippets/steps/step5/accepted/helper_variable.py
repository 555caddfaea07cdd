model_info = {'version': 1, 'accuracy': 0.75}
new_data_available = True
new_accuracy = 0.85

old_accuracy = model_info['accuracy']
if new_data_available and new_accuracy > old_accuracy:
    model_info['version'] += 1
    model_info['accuracy'] = new_accuracy

print(model_info)
