model_info = {'version': 1, 'accuracy': 0.75}
new_data_available = True
new_accuracy = 0.85

if new_data_available and new_accuracy > model_info['accuracy']:
    model_info['version'] += 1
    model_info['accuracy'] = 0.85

print(model_info)
#> The accuracy is set to 0.85 whatever the new model scored: record its real result, model_info['accuracy'] = new_accuracy
