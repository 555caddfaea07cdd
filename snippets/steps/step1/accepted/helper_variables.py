version = 1
accuracy = 0.75
model_info = {'version': version, 'accuracy': accuracy}
