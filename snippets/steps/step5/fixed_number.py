model_info = {'version': 1, 'accuracy': 0.75}
new_data_available = True
new_accuracy = 0.85

if new_data_available and new_accuracy > 0.75:
    model_info['version'] += 1
    model_info['accuracy'] = new_accuracy

print(model_info)
#> A model at 0.78 was promoted over one at 0.80: compare new_accuracy with model_info['accuracy'], not with the number 0.75. After a promotion the old accuracy changes, and the next model must beat that one.
