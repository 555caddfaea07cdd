model_info = {'version': 1, 'accuracy': 0.75}
new_data_available = True
new_accuracy = 0.85

if new_data_available and new_accuracy < model_info['accuracy']:
    model_info['version'] += 1
    model_info['accuracy'] = new_accuracy

print(model_info)
#> The comparison is the wrong way round: with new data, a model at 0.80 and a new one at 0.70, your program promoted it: model_info became {'version': 8, 'accuracy': 0.7}; and a new one at 0.90 was kept out. Promote when new_accuracy is greater: new_accuracy > model_info['accuracy']
