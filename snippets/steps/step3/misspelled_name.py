model_info = {'version': 1, 'accuracy': 0.75}
new_data_available = True

if new_data_available:
    model_info['version'] += 1
    modelinfo['accuracy'] = 0.85
#> Python does not know 'modelinfo'. Did you mean 'model_info'? Names must be spelled exactly the same everywhere.
