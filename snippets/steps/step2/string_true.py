model_info = {'version': 1, 'accuracy': 0.75}
new_data_available = "True"
#> new_data_available is the text 'True', not the boolean True. Remove the quotes: new_data_available = True
#> Any non-empty string counts as true in an if, even 'False', so a quoted flag can never switch retraining off.
