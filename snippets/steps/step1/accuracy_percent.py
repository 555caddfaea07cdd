model_info = {'version': 1, 'accuracy': 75}
#> accuracy is 75; write it as a fraction between 0 and 1: 0.75
