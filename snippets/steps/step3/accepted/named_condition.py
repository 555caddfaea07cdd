model_info = {'version': 1, 'accuracy': 0.75}
new_data_available = True

should_retrain = new_data_available
if should_retrain:
    model_info['version'] += 1
    model_info['accuracy'] = 0.85
