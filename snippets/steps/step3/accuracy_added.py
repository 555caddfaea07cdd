model_info = {'version': 1, 'accuracy': 0.75}
new_data_available = True

if new_data_available:
    model_info['version'] += 1
    model_info['accuracy'] += 0.10
#> The accuracy ended at 0.6, not 0.85, when the check ran your program with model_info starting as {'version': 7, 'accuracy': 0.5}, new_data_available = True: it depends on the old accuracy. The retrained model scores 0.85 whatever the old one did: set it with a single =, model_info['accuracy'] = 0.85
