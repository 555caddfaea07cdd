model_info = ['version', 1, 'accuracy', 0.75]
#> model_info should be a dict, made with curly braces and key: value pairs; found a list: ['version', 1, 'accuracy', 0.75]
