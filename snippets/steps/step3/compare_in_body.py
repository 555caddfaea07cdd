model_info = {'version': 1, 'accuracy': 0.75}
new_data_available = True

if new_data_available:
    model_info['version'] += 1
    model_info['accuracy'] == 0.85
#> Line 6 uses ==, which only compares and changes nothing. Use += 1 to increase the version and a single = to set the accuracy.
