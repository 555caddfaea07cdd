# Step 1: create the dictionary model_info below.
