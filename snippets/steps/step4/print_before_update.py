model_info = {'version': 1, 'accuracy': 0.75}
new_data_available = True
print(model_info)

if new_data_available:
    model_info['version'] += 1
    model_info['accuracy'] = 0.85
#> The output shows the old model, {'version': 1, 'accuracy': 0.75}: print runs before the if has updated it. Move print(model_info) to the end, below the if and not indented.
