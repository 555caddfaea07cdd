model_info = {"version": 1, "accuracy": 0.75}
new_data_available = True
