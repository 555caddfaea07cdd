model_info = {'version': 1, 'accuracy': 0.75}
new_data_available = True

if new_data_available:
    model_info['version'] += 1
model_info['accuracy'] = 0.85
#> The accuracy is set outside the if, so it would change even without new data. Indent the accuracy line so it lines up with the version update.
