model_info = dict(version=1, accuracy=0.75)
