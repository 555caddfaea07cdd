model_info = {'version': 1, 'accuracy': 0.75}
new_data_available = "yes"
#> Not yet. Expected new_data_available to be the boolean True, but found the text 'yes'.
