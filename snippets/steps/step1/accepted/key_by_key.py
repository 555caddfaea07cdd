model_info = {}
model_info['version'] = 1
model_info['accuracy'] = 0.75
