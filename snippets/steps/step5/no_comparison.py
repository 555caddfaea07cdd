model_info = {'version': 1, 'accuracy': 0.75}
new_data_available = True
new_accuracy = 0.85

if new_data_available:
    model_info['version'] += 1
    model_info['accuracy'] = new_accuracy

print(model_info)
#> Your if does not look at new_accuracy yet, so a worse model would be promoted too. Add the comparison to its condition: if new_data_available and new_accuracy > model_info['accuracy']:
