model_info = {'version': 1, 'accuracy': 0.75}
new_data_available = True
print(model_info)

if new_data_available:
    model_info['version'] += 1
    model_info['accuracy'] = 0.85

print(model_info)
#> The model is printed twice, {'version': 1, 'accuracy': 0.75} before the update and {'version': 2, 'accuracy': 0.85} after. Print only the dictionary, once, at the end: keep only the print below the if.
