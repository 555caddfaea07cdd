model_info = {'version': 1, 'accuracy': 0.75}
new_data_available = True

model_info['version'] += 1
model_info['accuracy'] = 0.85
#> The check ran your program with model_info starting as {'version': 7, 'accuracy': 0.5}, new_data_available = False, and the model became {'version': 8, 'accuracy': 0.85}: without new data nothing should change. There is no if statement yet: put the line if new_data_available: above the two updates and indent them.
