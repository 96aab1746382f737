# items
