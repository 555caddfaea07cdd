model_info = {'version': 1, 'accuracy': 0.75}
new_data_available = True

if new_data_available:
    model_info['Version'] += 1
    model_info['accuracy'] = 0.85
#> model_info has no key 'Version'. Its keys are 'version' and 'accuracy', spelled exactly like that, in quotes: model_info['version'].
