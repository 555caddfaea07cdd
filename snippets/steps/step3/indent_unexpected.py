model_info = {'version': 1, 'accuracy': 0.75}
new_data_available = True

if new_data_available:
    model_info['version'] += 1
        model_info['accuracy'] = 0.85
#> Line 6 is indented but nothing above it opens a block. Only the lines inside the if are indented; every other line starts at the left edge, and the lines of one block line up exactly.
