version = 1
accuracy = 0.75
model_info = {'version': version, 'accuracy': accuracy}
new_data_available = True
new_accuracy = 0.85

if new_data_available and new_accuracy > accuracy:
    model_info['version'] += 1
    model_info['accuracy'] = new_accuracy

print(model_info)
