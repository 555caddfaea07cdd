model_info = {'version': 1, 'accuracy': 0.75}

# Fresh data has arrived, so the model will be retrained.
new_data_available = True  # a bool, not text
