model_info = {'Version': 1, 'Accuracy': 0.75}
#> Keys must match exactly: expected 'version' and 'accuracy', found 'Version', 'Accuracy'. Check capitals and spaces.
