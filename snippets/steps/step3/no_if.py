model_info = {'version': 1, 'accuracy': 0.75}
new_data_available = True

model_info['version'] += 1
model_info['accuracy'] = 0.85
#> There is no if statement yet. Retraining should only happen when fresh data exists: put the line if new_data_available: above the two updates and indent them.
