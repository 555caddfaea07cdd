# Step 1: the model's record
model_info = {'version': 1, 'accuracy': 0.75}

# Step 2: fresh data has arrived
new_data_available = True


# Step 3: retrain only when there is new data
if new_data_available:
    # one more version...
    model_info['version'] += 1

    # ...and the retrained model's accuracy
    model_info['accuracy'] = 0.85

print(model_info)
