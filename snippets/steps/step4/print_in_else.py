model_info = {'version': 1, 'accuracy': 0.75}
new_data_available = True

if new_data_available:
    model_info['version'] += 1
    model_info['accuracy'] = 0.85
else:
    print('no new data')

print(model_info)
#> Not yet. Expected the output {'version': 1, 'accuracy': 0.75} when new_data_available is False, but found the output no new data {'version': 1, 'accuracy': 0.75}.
