model_info = {'version': 1, 'accuracy': 0.75}
new_data_available = True
new_accuracy = 0.85

if new_data_available and new_accuracy < model_info['accuracy']:
    model_info['version'] += 1
    model_info['accuracy'] = new_accuracy

print(model_info)
#> The comparison is the wrong way round: the check ran your program with new data, model_info starting at version 7 with accuracy 0.80, and new_accuracy = 0.70; it promoted the new model: model_info became {'version': 8, 'accuracy': 0.7}; with new_accuracy = 0.90 it kept the old model. Promote when new_accuracy is greater: new_accuracy > model_info['accuracy']
