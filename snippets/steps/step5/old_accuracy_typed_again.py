model_info = {'version': 1, 'accuracy': 0.75}
new_data_available = True
new_accuracy = 0.85
old_accuracy = 0.75

if new_data_available and new_accuracy > old_accuracy:
    model_info['version'] += 1
    model_info['accuracy'] = new_accuracy

print(model_info)
#> Only a better model may be promoted, yet the check ran your program with new data, model_info starting at version 7 with accuracy 0.80, and new_accuracy = 0.78; it promoted the new model: model_info became {'version': 8, 'accuracy': 0.78}. Compare new_accuracy with the old model's accuracy: if new_data_available and new_accuracy > model_info['accuracy']:
