model_info = {'version': 1, 'accuracy': 0.75}
new_data_available = True

if new_data_available:
    new_accuracy = 0.85
    if new_accuracy > model_info['accuracy']:
        model_info['version'] += 1
        model_info['accuracy'] = new_accuracy

print(model_info)
#> new_accuracy is set inside the if, so the comparison sees whatever is set there. Set it once, above the if, as the retrained model's result: new_accuracy = 0.85
