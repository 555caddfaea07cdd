model_info = {'version': 1, 'accuracy': 0.75}
new_rows = 500
new_data_available = new_rows > 0
