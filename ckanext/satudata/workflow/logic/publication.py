"""Writing published periods into the dataset's DataStore table.

(Placeholder until the publication work lands: refuses to publish.)
"""
