model_info = {'version': 1, 'accuracy': 0.75}
new_data_available = True
new_accuracy = 0.85

if not new_data_available:
    pass
elif new_accuracy <= model_info['accuracy']:
    pass  # a tie or a worse model: the old one keeps serving
else:
    model_info['version'] += 1
    model_info['accuracy'] = new_accuracy

print(model_info)
