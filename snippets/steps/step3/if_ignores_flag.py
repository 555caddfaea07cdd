model_info = {'version': 1, 'accuracy': 0.75}
new_data_available = True

if new_data_available or True:
    model_info['version'] += 1
    model_info['accuracy'] = 0.85
#> Your if changes the model even when new_data_available is False. Make the condition just: if new_data_available:
