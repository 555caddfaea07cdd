model_info = {'version': 1, 'accuracy': 0.75}
new_data_available = True
new_accuracy = 0.85

if new_data_available and new_accuracy > 0.75:
    model_info['version'] += 1
    model_info['accuracy'] = new_accuracy

print(model_info)
#> Line 5 compares with the fixed number 0.75: with new data, a model at 0.80 and a new one at 0.78, your program promoted it: model_info became {'version': 8, 'accuracy': 0.78}. Compare new_accuracy with the old model's accuracy, model_info['accuracy']: after each promotion it changes, and the next model must beat that one.
