model_info = {'version': 1, 'accuracy': 0.75}
new_data_available = True

if new_data_available:
    model_info['version'] += 1
    model_info['accuracy'] = 0.85

model_info
#> Nothing was printed. Line 8, model_info on a line by itself, shows its value only in an interactive console. A program must print it: print(model_info)
