model_info = {'accuracy': 0.75, 'version': 1}
new_data_available = True
