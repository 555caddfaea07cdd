model_info = {'version': 1, 'accuracy': 0.75}
new_data_available = True
new_accuracy = 0.85
print(model_info)

if new_data_available and new_accuracy > model_info['accuracy']:
    model_info['version'] += 1
    model_info['accuracy'] = new_accuracy
#> With new data, a model at 0.80 and a new one at 0.90, your program promoted it: model_info became {'version': 8, 'accuracy': 0.9}, but it printed {'version': 7, 'accuracy': 0.8}. Print only the dictionary, as in step 4: print(model_info) at the end.
