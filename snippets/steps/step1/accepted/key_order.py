model_info = {'accuracy': 0.75, 'version': 1}
