model_info = {'version': 1, 'accuracy': 0.75}
new_data_available = True
new_accuracy = 0.85
print(model_info)

if new_data_available and new_accuracy > model_info['accuracy']:
    model_info['version'] += 1
    model_info['accuracy'] = new_accuracy
#> The check ran your program with new data, model_info starting at version 7 with accuracy 0.80, and new_accuracy = 0.90; it promoted the new model: model_info became {'version': 8, 'accuracy': 0.9}, but it printed {'version': 7, 'accuracy': 0.8}. Print only the dictionary, as in step 4: print(model_info) at the end.
