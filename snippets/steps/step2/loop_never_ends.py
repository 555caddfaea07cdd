model_info = {'version': 1, 'accuracy': 0.75}
new_data_available = True
while new_data_available:
    model_info['version'] += 0
#> Your program did not finish: it was still running in the loop of line 3 when it was stopped (it reached the time limit, or Stop was pressed), so there is nothing to check yet. A loop whose condition never becomes false runs forever: make sure every loop ends.
