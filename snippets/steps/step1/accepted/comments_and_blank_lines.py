# The model's record: which version serves, and how accurate it is.


model_info = {'version': 1, 'accuracy': 0.75}  # version 1, 75% accurate

