model_info = {'version': 1, 'accuracy': 3 / 4}
new_data_available = True
