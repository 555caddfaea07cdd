model_info = {'version': 1, 'accuracy': 0.75}
new_data_available = True
new_accuracy = 0.85

if new_data_available and new_accuracy < model_info['accuracy']:
    model_info['version'] += 1
    model_info['accuracy'] = new_accuracy

print(model_info)
#> The comparison is the wrong way round: your if promotes a model at 0.70 over one at 0.80 and keeps out one at 0.90. Promote when new_accuracy is greater: new_accuracy > model_info['accuracy']
