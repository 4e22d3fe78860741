"""Every write of the exchanges, one module per step; pages and the API call these functions.

Each state change is a conditional UPDATE on the state the writer saw (or runs under a row lock),
so two people acting at once cannot both win; bad input raises ValidationError with field errors
and writes nothing.
"""
