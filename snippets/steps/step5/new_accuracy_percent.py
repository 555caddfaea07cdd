model_info = {'version': 1, 'accuracy': 0.75}
new_data_available = True
new_accuracy = 85

if new_data_available and new_accuracy > model_info['accuracy']:
    model_info['version'] += 1
    model_info['accuracy'] = new_accuracy

print(model_info)
#> new_accuracy is 85; write it as a fraction between 0 and 1, like the old one: new_accuracy = 0.85
