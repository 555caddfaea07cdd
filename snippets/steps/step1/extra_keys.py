model_info = {'version': 1, 'accuracy': 0.75, 'name': 'churn'}
#> model_info should hold only 'version' and 'accuracy'; remove 'name'.
