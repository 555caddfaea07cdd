model_info = {'version': 1, 'accuracy': 3 / 4}
