model_info = {'version': 1, 'accuracy': 0.75}
new_data_available = True
new_accuracy = 0.85

if new_data_available and new_accuracy > 0.8:
    model_info['version'] += 1
    model_info['accuracy'] = new_accuracy

print(model_info)
#> Line 5 compares with the fixed number 0.8: the check ran your program with new data, model_info starting at version 7 with accuracy 0.60, and new_accuracy = 0.65; it kept the old model: model_info stayed {'version': 7, 'accuracy': 0.6}. Compare new_accuracy with the old model's accuracy, model_info['accuracy']: after each promotion it changes, and the next model must beat that one.
