# The serving model's record
model_info = {'version': 1, 'accuracy': 0.75}

# Fresh data arrived and the retrained model scored 0.85 on the same test data.
new_data_available = True
new_accuracy = 0.85


# Promote only if the new model is strictly better (a tie keeps the old one).
if new_data_available and new_accuracy > model_info['accuracy']:

    model_info['version'] += 1  # a new version serves
    model_info['accuracy'] = new_accuracy

print(model_info)
