model_info = {'version': 1, 'accuracy': 0.75}
new_data_available = True

if new_data_available:
    model_info['version'] = 2
    model_info['accuracy'] = 0.85
#> The version is set to 2 instead of being increased by 1. That only works once: the next retraining would stay at 2. Write: model_info['version'] += 1
#> The check ran your program with model_info starting as {'version': 7, 'accuracy': 0.5}, new_data_available = True, and it ended at version 2.
