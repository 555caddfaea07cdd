new_data_available = True

if new_data_available:
    model_info['version'] += 1
    model_info['accuracy'] = 0.85
#> model_info is not defined: keep the code from step 1 at the top of your program. Each step adds to the program you already have.
