model_info = {'version': 1, 'accuracy': '0.75'}
#> accuracy is the text '0.75', so it cannot be compared with other numbers. Write it without quotes: 0.75
