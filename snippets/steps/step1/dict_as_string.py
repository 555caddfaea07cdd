model_info = "{'version': 1, 'accuracy': 0.75}"
#> model_info is text (a str) because the whole dict is inside quotes. Only the keys are quoted: model_info = {'version': 1, 'accuracy': 0.75}
