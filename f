inf
