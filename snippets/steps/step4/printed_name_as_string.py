model_info = {'version': 1, 'accuracy': 0.75}
new_data_available = True

if new_data_available:
    model_info['version'] += 1
    model_info['accuracy'] = 0.85

print('model_info')
#> The quotes make 'model_info' a piece of text, so the word itself was printed. Print the variable, without quotes: print(model_info)
