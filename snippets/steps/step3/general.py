model_info = {'version': 1, 'accuracy': 0.75}
new_data_available = True

if new_data_available:
    model_info['version'] += 2
    model_info['accuracy'] = 0.85
#> Not yet. Expected the if to increase the version by exactly 1, but found a version of 9 after starting from 7.
