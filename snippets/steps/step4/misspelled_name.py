model_info = {'version': 1, 'accuracy': 0.75}
new_data_available = True

if new_data_available:
    model_info['version'] += 1
    model_info['accuracy'] = 0.85

print(model_inf)
#> Python does not know 'model_inf'. Did you mean 'model_info'? Names must be spelled exactly the same everywhere.
