model_info = {'version': 1, 'accuracy': 0.75}
new_data_available = True

if new_data_available:
    model_info['version'] += 1
#> Inside the if, also record the retrained model's accuracy: model_info['accuracy'] = 0.85
