"""Named actions: the only way state changes.

Each action validates its input, checks permission where there is a person to
check, makes its change and writes its audit entry in one transaction. Views
and commands call actions; they never write to storage themselves.
"""
