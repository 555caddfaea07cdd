model_info = {'version': 1, 'accuracy': 0.75}
new_data_available = True
new_accuracy = 0.85

if new_data_available and new_accuracy > model_info:
    model_info['version'] += 1
    model_info['accuracy'] = new_accuracy

print(model_info)
#> Line 5: Python cannot compare a number with the whole dict. Compare with the old accuracy inside it: new_accuracy > model_info['accuracy']
