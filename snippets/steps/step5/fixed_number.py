model_info = {'version': 1, 'accuracy': 0.75}
new_data_available = True
new_accuracy = 0.85

if new_data_available and new_accuracy > 0.75:
    model_info['version'] += 1
    model_info['accuracy'] = new_accuracy

print(model_info)
#> Line 5 compares with the fixed number 0.75: the check ran your program with new data, model_info starting at version 7 with accuracy 0.80, and new_accuracy = 0.78; it promoted the new model: model_info became {'version': 8, 'accuracy': 0.78}. Compare new_accuracy with the old model's accuracy, model_info['accuracy']: after each promotion it changes, and the next model must beat that one.
