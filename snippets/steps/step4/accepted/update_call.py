model_info = {'version': 1, 'accuracy': 0.75}
new_data_available = True

if new_data_available:
    model_info.update(version=model_info['version'] + 1, accuracy=0.85)

print(model_info)
