model_info = {'version': 1, 'accuracy': 0.75}
new_data_available = True
new_accuracy = 0.85

if new_accuracy > model_info['accuracy']:
    model_info['version'] += 1
    model_info['accuracy'] = new_accuracy

print(model_info)
#> Without new data there is no new model to promote, yet the check ran your program without new data (new_data_available = False), model_info starting at version 7 with accuracy 0.80, and new_accuracy = 0.90; it promoted the new model: model_info became {'version': 8, 'accuracy': 0.9}. Keep the flag in the condition: if new_data_available and new_accuracy > model_info['accuracy']:
