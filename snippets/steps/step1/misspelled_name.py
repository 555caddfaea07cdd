model_infos = {'version': 1, 'accuracy': 0.75}
#> You created 'model_infos', but the check looks for 'model_info': names must match exactly.
