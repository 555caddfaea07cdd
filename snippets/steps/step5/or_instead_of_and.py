model_info = {'version': 1, 'accuracy': 0.75}
new_data_available = True
new_accuracy = 0.85

if new_data_available or new_accuracy > model_info['accuracy']:
    model_info['version'] += 1
    model_info['accuracy'] = new_accuracy

print(model_info)
#> With or, the if promotes when either side is true: the check ran your program with new data, model_info starting at version 7 with accuracy 0.80, and new_accuracy = 0.70; it promoted the new model: model_info became {'version': 8, 'accuracy': 0.7}, a worse model, only because there was new data. Both must hold, so use and: if new_data_available and new_accuracy > model_info['accuracy']:
