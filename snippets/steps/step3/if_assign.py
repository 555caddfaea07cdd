model_info = {'version': 1, 'accuracy': 0.75}
new_data_available = True

if new_data_available = True:
    model_info['version'] += 1
    model_info['accuracy'] = 0.85
#> Line 4: a single = stores a value; it cannot be a condition. To compare, use == (if new_data_available == True:), or simply write: if new_data_available:
