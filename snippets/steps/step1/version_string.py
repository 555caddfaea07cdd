model_info = {'version': '1', 'accuracy': 0.75}
#> version is the text '1'. Write the number without quotes: 1
