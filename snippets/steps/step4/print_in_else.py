model_info = {'version': 1, 'accuracy': 0.75}
new_data_available = True

if new_data_available:
    model_info['version'] += 1
    model_info['accuracy'] = 0.85
else:
    print('no new data')

print(model_info)
#> The check ran your program with model_info starting as {'version': 7, 'accuracy': 0.5}, new_data_available = False, and it printed no new data {'version': 7, 'accuracy': 0.5}: expected only the model it ended with, {'version': 7, 'accuracy': 0.5}. Print only the dictionary: print(model_info)
