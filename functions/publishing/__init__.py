"""The publisher: the site built again from the table after a change, and what changed put where it is served."""
