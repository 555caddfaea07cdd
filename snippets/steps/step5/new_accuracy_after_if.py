model_info = {'version': 1, 'accuracy': 0.75}
new_data_available = True

if new_data_available and new_accuracy > model_info['accuracy']:
    model_info['version'] += 1
    model_info['accuracy'] = new_accuracy

new_accuracy = 0.85
print(model_info)
#> new_accuracy is used before it is given a value. Expected the line that creates it above the lines that use it; found it used first.
