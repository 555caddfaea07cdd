def retrain(info):
    """Record one retraining in the model's record."""
    info['version'] += 1
    info['accuracy'] = 0.85


model_info = {'version': 1, 'accuracy': 0.75}
new_data_available = True

if new_data_available:
    retrain(model_info)

print(model_info)
