model_info = {'version': 1, 'accuracy': 0.75}
new_data_avaliable = True
#> You created 'new_data_avaliable', but the check looks for 'new_data_available': names must match exactly.
