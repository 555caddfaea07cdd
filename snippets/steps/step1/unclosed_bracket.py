model_info = {'version': 1, 'accuracy': 0.75
#> Line 1: '{' was never closed. Every opening bracket needs its closing one, like { with } and ( with ).
