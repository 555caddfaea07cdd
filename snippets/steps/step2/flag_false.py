model_info = {'version': 1, 'accuracy': 0.75}
new_data_available = False
#> new_data_available is False. The story says fresh data has arrived, so set it to True.
