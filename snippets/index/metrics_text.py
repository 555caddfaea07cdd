model_info = {'version': 1, 'accuracy': 0.75}
metrics = "accuracy=0.85"  # the line the training job wrote to its log

model_info['version'] += 1
model_info['accuracy'] = metrics.split("=")[1]
gain = model_info['accuracy'] - 0.75
print(f"version {model_info['version']}: accuracy {gain:+.2f}")
