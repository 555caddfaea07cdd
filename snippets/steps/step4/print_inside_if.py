model_info = {'version': 1, 'accuracy': 0.75}
new_data_available = True

if new_data_available:
    model_info['version'] += 1
    model_info['accuracy'] = 0.85
    print(model_info)
#> Line 7: print(model_info) is inside the if, so without new data nothing is printed. Put it after the block, not indented: the model is reported either way.
#> The check ran your program with model_info starting as {'version': 7, 'accuracy': 0.5}, new_data_available = False, and it printed nothing; expected {'version': 7, 'accuracy': 0.5}.
