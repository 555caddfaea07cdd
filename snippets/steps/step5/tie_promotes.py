model_info = {'version': 1, 'accuracy': 0.75}
new_data_available = True
new_accuracy = 0.85

if new_data_available and new_accuracy >= model_info['accuracy']:
    model_info['version'] += 1
    model_info['accuracy'] = new_accuracy

print(model_info)
#> A tie must keep the old model, yet the check ran your program with new data, model_info starting at version 7 with accuracy 0.80, and new_accuracy = 0.80; it promoted the new model: model_info became {'version': 8, 'accuracy': 0.8}. With >=, a tie counts as better. Swapping models costs a deployment and risks new bugs for no gain: promote only if the new one beats the old, new_accuracy > model_info['accuracy']
