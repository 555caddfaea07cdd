model_info = {'version': '1', 'accuracy': 0.75}
new_data_available = True

if new_data_available:
    model_info['version'] += 1
    model_info['accuracy'] = 0.85
#> Your program stopped with TypeError: can only concatenate str (not "int") to str. Read the last line of the output, fix that line and run again.
