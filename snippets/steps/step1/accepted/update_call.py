model_info = {'version': 1}
model_info.update(accuracy=0.75)
