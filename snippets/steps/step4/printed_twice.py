model_info = {'version': 1, 'accuracy': 0.75}
new_data_available = True
print(model_info)

if new_data_available:
    model_info['version'] += 1
    model_info['accuracy'] = 0.85

print(model_info)
#> The dict is printed twice, once before the update. Keep only the print at the end.
