model_info = {'version': 1, 'accuracy': 0.75}
new_data_available = 1
#> new_data_available is the number 1. It works in an if, but a yes/no flag is a bool: new_data_available = True
