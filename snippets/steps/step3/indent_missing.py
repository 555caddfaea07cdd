model_info = {'version': 1, 'accuracy': 0.75}
new_data_available = True

if new_data_available:
model_info['version'] += 1
model_info['accuracy'] = 0.85
#> Line 5: Python expected an indented block. The lines that belong to an if (or any line ending in a colon) must be indented, for example by 4 spaces.
